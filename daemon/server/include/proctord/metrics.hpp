// Counters for GET /metrics (Prometheus text format).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace proctord {

struct Metrics {
  std::atomic<std::int64_t> connections_open{0};
  std::atomic<std::uint64_t> connections_total{0};
  std::array<std::atomic<std::uint64_t>, 6> responses_by_class{};  // index: status / 100
  std::atomic<std::uint64_t> store_errors{0};
  std::atomic<std::uint64_t> login_failures{0};

  // Grading: the queue of candidates' runs, every sandbox run's verdict,
  // and how long a candidate waits for a run's result.
  static constexpr std::array<const char*, 9> kVerdicts = {
      "ACCEPTED",      "WRONG_ANSWER",       "OK",
      "RUNTIME_ERROR", "TIME_LIMIT",         "MEMORY_LIMIT",
      "OUTPUT_LIMIT",  "SECURITY_VIOLATION", "INTERNAL_ERROR"};
  static constexpr std::array<double, 10> kLatencyBuckets = {0.01, 0.025, 0.05, 0.1, 0.25,
                                                             0.5,  1,     2.5,  5,   10};
  std::atomic<std::int64_t> grading_queue{0};
  std::atomic<std::uint64_t> grading_refused{0};
  std::atomic<std::uint64_t> attempts_graded{0};
  std::array<std::atomic<std::uint64_t>, kVerdicts.size() + 1> runs_by_verdict{};    // last: other
  std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size() + 1> run_latency{};  // last: +Inf
  std::atomic<std::uint64_t> run_latency_sum_us{0};

  void count_verdict(const std::string& verdict);
  void observe_run_latency(double seconds);

  void count_response(unsigned status) {
    responses_by_class[std::min<unsigned>(status / 100, 5)]++;
  }
  // `extra` adds gauges read at scrape time (e.g. from the store).
  [[nodiscard]] std::string render(const std::string& extra = "") const;
};

}  // namespace proctord
