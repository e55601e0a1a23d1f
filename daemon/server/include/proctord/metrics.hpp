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

  void count_response(unsigned status) {
    responses_by_class[std::min<unsigned>(status / 100, 5)]++;
  }
  // `extra` adds gauges read at scrape time (e.g. from the store).
  [[nodiscard]] std::string render(const std::string& extra = "") const;
};

}  // namespace proctord
