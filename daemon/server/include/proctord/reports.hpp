// What recruiters read: the attempts of an assessment with their scores and
// flags, one attempt's full report, and the CSV export. Built from the store
// (the grades the grading service saved) and the pinned questions.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "proctord/bank.hpp"
#include "proctord/store.hpp"

namespace proctord {

struct ReportSettings {
  double similarity_threshold = 0.6;  // pairs at or above it are flagged
};

class Reports {
 public:
  Reports(Store& store, const Catalog& catalog, ReportSettings settings = {})
      : store_(store), catalog_(catalog), settings_(settings) {}

  // {"attempts": [...]} for an assessment, with score, time used and flags.
  nlohmann::json attempts(const Assessment& assessment);
  // The same as CSV (RFC 4180), one row per attempt.
  std::string attempts_csv(const Assessment& assessment);
  // One attempt's whole report; nullopt when there is no such attempt.
  std::optional<nlohmann::json> report(std::int64_t attempt);

 private:
  nlohmann::json summary(const Invitation& attempt, const std::vector<Event>& events,
                         std::int64_t now);

  Store& store_;
  const Catalog& catalog_;
  ReportSettings settings_;
};

// Connection gaps from an attempt's events: each "disconnected" to the next
// "connected" (or to the end of the attempt).
nlohmann::json connection_gaps(const std::vector<Event>& events, std::int64_t end);

// Time on each of `questions` questions, in ms: from each "question_opened"
// to the next one, a disconnection, the end of the attempt, or `end`. Time
// away from the tab (focus_lost) still counts: the timeline shows it.
std::vector<std::int64_t> time_per_question(const std::vector<Event>& events, std::size_t questions,
                                            std::int64_t end);

// A CSV field, quoted when needed; a leading =, +, - or @ is neutralised so
// that a spreadsheet never runs a candidate's name as a formula.
std::string csv_field(const std::string& text);

}  // namespace proctord
