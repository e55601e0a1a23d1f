#include "proctord/metrics.hpp"

namespace proctord {

std::string Metrics::render(const std::string& extra) const {
  std::string out;
  const auto metric = [&](const char* name, const char* type, const char* help,
                          const std::string& samples) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" +
           samples;
  };
  metric("proctord_connections_open", "gauge", "Client connections open now.",
         "proctord_connections_open " + std::to_string(connections_open.load()) + "\n");
  metric("proctord_connections_total", "counter", "Client connections accepted.",
         "proctord_connections_total " + std::to_string(connections_total.load()) + "\n");
  std::string responses;
  for (unsigned i = 1; i < responses_by_class.size(); ++i) {
    responses += "proctord_http_responses_total{class=\"" + std::to_string(i) + "xx\"} " +
                 std::to_string(responses_by_class[i].load()) + "\n";
  }
  metric("proctord_http_responses_total", "counter", "HTTP responses by status class.", responses);
  metric("proctord_store_errors_total", "counter", "Failures of the store (never the client's).",
         "proctord_store_errors_total " + std::to_string(store_errors.load()) + "\n");
  metric("proctord_login_failures_total", "counter", "Refused logins.",
         "proctord_login_failures_total " + std::to_string(login_failures.load()) + "\n");
  std::string verdicts;
  for (std::size_t i = 0; i < runs_by_verdict.size(); ++i) {
    verdicts += std::string("proctord_sandbox_runs_total{verdict=\"") +
                (i < kVerdicts.size() ? kVerdicts[i] : "other") + "\"} " +
                std::to_string(runs_by_verdict[i].load()) + "\n";
  }
  metric("proctord_sandbox_runs_total", "counter", "Sandbox runs by verdict.", verdicts);
  metric("proctord_grading_queue_depth", "gauge", "Candidates' runs waiting or running.",
         "proctord_grading_queue_depth " + std::to_string(grading_queue.load()) + "\n");
  metric("proctord_grading_refused_total", "counter", "Runs refused because the queue was full.",
         "proctord_grading_refused_total " + std::to_string(grading_refused.load()) + "\n");
  metric("proctord_attempts_graded_total", "counter", "Final grades stored (regrades included).",
         "proctord_attempts_graded_total " + std::to_string(attempts_graded.load()) + "\n");
  std::string latency;
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < run_latency.size(); ++i) {
    cumulative += run_latency[i].load();
    const std::string bound =
        i < kLatencyBuckets.size() ? std::to_string(kLatencyBuckets[i]) : std::string("+Inf");
    latency += "proctord_run_latency_seconds_bucket{le=\"" + bound + "\"} " +
               std::to_string(cumulative) + "\n";
  }
  latency += "proctord_run_latency_seconds_sum " +
             std::to_string(static_cast<double>(run_latency_sum_us.load()) / 1e6) + "\n";
  latency += "proctord_run_latency_seconds_count " + std::to_string(cumulative) + "\n";
  metric("proctord_run_latency_seconds", "histogram",
         "From a candidate's run request to its result.", latency);
  return out + extra;
}

void Metrics::count_verdict(const std::string& verdict) {
  std::size_t i = 0;
  while (i < kVerdicts.size() && verdict != kVerdicts[i]) ++i;
  runs_by_verdict[i]++;
}

void Metrics::observe_run_latency(double seconds) {
  std::size_t i = 0;
  while (i < kLatencyBuckets.size() && seconds > kLatencyBuckets[i]) ++i;
  run_latency[i]++;
  run_latency_sum_us += static_cast<std::uint64_t>(seconds * 1e6);
}

}  // namespace proctord
