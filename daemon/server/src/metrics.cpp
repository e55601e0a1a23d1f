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
  return out + extra;
}

}  // namespace proctord
