#include "proctord/reports.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "proctord/auth.hpp"
#include "proctord/scoring.hpp"
#include "similarity/similarity.hpp"

namespace proctord {
namespace {

using json = nlohmann::json;
constexpr std::int64_t kShortestGapMs = 1000;

std::int64_t time_used_ms(const Invitation& attempt, std::int64_t now) {
  if (attempt.started_at == 0) return 0;
  const std::int64_t end = attempt.submitted_at != 0 ? attempt.submitted_at : now;
  return std::max<std::int64_t>(0, std::min(end, attempt.deadline_at) - attempt.started_at);
}

std::size_t count_events(const std::vector<Event>& events, const char* kind) {
  return static_cast<std::size_t>(std::count_if(events.begin(), events.end(),
                                                [kind](const Event& e) { return e.kind == kind; }));
}

json parsed(const std::string& text) {
  json value = json::parse(text, nullptr, false);
  return value.is_discarded() ? json() : value;
}

// Percent of the graded attempts that scored at or below `score`.
std::optional<double> percentile(const std::vector<Invitation>& all, double score) {
  std::size_t graded = 0;
  std::size_t at_or_below = 0;
  for (const Invitation& other : all) {
    if (other.graded_at == 0) continue;
    ++graded;
    if (other.score <= score + 1e-9) ++at_or_below;
  }
  if (graded == 0) return std::nullopt;
  return std::round(1000.0 * static_cast<double>(at_or_below) / static_cast<double>(graded)) / 10;
}

// Every submitted attempt's final code for each coding question of the
// assessment, fingerprinted with the starter code as MOSS's base file.
struct Fingerprinted {
  std::int64_t attempt;
  std::string candidate;
  int position;
  similarity::Document document;
};

std::vector<Fingerprinted> fingerprint_all(Store& store, const Catalog& catalog,
                                           const Assessment& assessment,
                                           const std::vector<Invitation>& attempts) {
  std::map<int, similarity::Document> bases;
  for (std::size_t i = 0; i < assessment.items.size(); ++i) {
    if (assessment.items[i].kind != "problem") continue;
    const ProblemPtr problem = catalog.version(assessment.items[i].version);
    bases[static_cast<int>(i)] = similarity::fingerprint(problem ? problem->starter : "");
  }
  std::vector<Fingerprinted> all;
  for (const Invitation& attempt : attempts) {
    if (attempt.status != "submitted") continue;
    for (const Answer& answer : store.answers(attempt.id)) {
      const auto base = bases.find(answer.position);
      if (base == bases.end() || answer.code.empty()) continue;
      all.push_back({attempt.id, attempt.candidate_name, answer.position,
                     similarity::fingerprint(answer.code, base->second)});
    }
  }
  return all;
}

json regions_json(const std::vector<similarity::Region>& regions) {
  json all = json::array();
  for (const similarity::Region& r : regions) {
    all.push_back({{"lines", {r.a_first_line, r.a_last_line}},
                   {"other_lines", {r.b_first_line, r.b_last_line}}});
  }
  return all;
}

// The pairs involving `attempt` whose score reaches the threshold.
json matches_for(std::int64_t attempt, const std::vector<Fingerprinted>& all, double threshold) {
  json matches = json::array();
  for (const Fingerprinted& mine : all) {
    if (mine.attempt != attempt) continue;
    for (const Fingerprinted& other : all) {
      if (other.attempt == attempt || other.position != mine.position) continue;
      const similarity::Match match = similarity::compare(mine.document, other.document);
      if (match.score < threshold) continue;
      matches.push_back({{"question", mine.position},
                         {"other_attempt", other.attempt},
                         {"other_candidate", other.candidate},
                         {"score", std::round(match.score * 1000) / 1000},
                         {"regions", regions_json(match.regions)}});
    }
  }
  return matches;
}

}  // namespace

std::vector<std::int64_t> time_per_question(const std::vector<Event>& events, std::size_t questions,
                                            std::int64_t end) {
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::vector<std::int64_t> spent(questions, 0);
  std::size_t open = kNone;  // the question on screen, while connected
  std::int64_t since = 0;
  const auto close = [&](std::int64_t at) {
    if (open < questions && at > since) spent[open] += at - since;
    open = kNone;
  };
  for (const Event& e : events) {
    if (e.kind == "question_opened") {
      close(e.at);
      const json detail = parsed(e.detail);
      if (detail.is_object() && detail.contains("question") &&
          detail["question"].is_number_unsigned()) {
        open = detail["question"].get<std::size_t>();
        since = e.at;
      }
    } else if (e.kind == "disconnected" || e.kind == "finished" || e.kind == "deadline") {
      // (A take-over is not an end: the new tab says which question it
      // shows, and on another daemon the take-over may be recorded after.)
      close(e.at);
    }
  }
  close(end);
  return spent;
}

json connection_gaps(const std::vector<Event>& events, std::int64_t end) {
  json gaps = json::array();
  constexpr std::int64_t kConnected = -1;
  std::int64_t lost = kConnected;  // when the connection went, while it is gone
  for (const Event& e : events) {
    if (e.kind == "disconnected" && lost == kConnected) lost = e.at;
    if (e.kind == "connected" && lost != kConnected) {
      // A reload or a take-over by a new tab leaves a gap of a few
      // milliseconds: not an outage.
      if (e.at - lost >= kShortestGapMs) {
        gaps.push_back({{"from", lost}, {"to", e.at}, {"ms", e.at - lost}});
      }
      lost = kConnected;
    }
  }
  if (lost != kConnected && end > lost) {
    gaps.push_back({{"from", lost}, {"to", end}, {"ms", end - lost}});
  }
  return gaps;
}

std::string csv_field(const std::string& text) {
  std::string value = text;
  if (!value.empty() && std::string("=+-@\t\r").find(value.front()) != std::string::npos) {
    value.insert(value.begin(), '\'');
  }
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

json Reports::summary(const Invitation& attempt, const std::vector<Event>& events,
                      std::int64_t now) {
  const std::int64_t end = attempt.submitted_at != 0 ? attempt.submitted_at : now;
  json entry = {
      {"id", attempt.id},
      {"candidate_name", attempt.candidate_name},
      {"candidate_email", attempt.candidate_email},
      {"status", attempt.status},
      {"extra_time_pct", attempt.extra_time_pct},
      {"started_at", attempt.started_at},
      {"deadline_at", attempt.deadline_at},
      {"submitted_at", attempt.submitted_at},
      {"time_used_ms", time_used_ms(attempt, now)},
      {"graded", attempt.graded_at != 0},
      {"flags",
       {{"focus_lost", count_events(events, "focus_lost")},
        {"pastes", count_events(events, "paste")},
        {"fullscreen_exits", count_events(events, "fullscreen_exit")},
        {"connections_replaced", count_events(events, "connection_replaced")},
        {"connection_gaps", connection_gaps(events, attempt.started_at ? end : 0).size()}}}};
  if (attempt.graded_at != 0) {
    entry["score"] = attempt.score;
    entry["max_score"] = attempt.max_score;
    // Tests we failed to run (INTERNAL_ERROR) scored nothing: the grade is
    // not the candidate's to fail by, so no verdict until a regrade.
    std::int64_t ours = 0;
    for (const QuestionGrade& q : store_.question_grades(attempt.id)) {
      ours += parsed(q.detail).value("internal_errors", std::int64_t{0});
    }
    entry["flags"]["internal_errors"] = ours;
    entry["needs_regrade"] = ours > 0;
    entry["passed"] = ours > 0 ? json(nullptr) : json(attempt.passed);
  } else {
    entry["score"] = nullptr;
    entry["max_score"] = nullptr;
    entry["passed"] = nullptr;
    entry["needs_regrade"] = false;
    entry["flags"]["internal_errors"] = 0;
  }
  return entry;
}

json Reports::attempts(const Assessment& assessment) {
  const std::int64_t now = now_ms();
  const std::vector<Invitation> all = store_.list_invitations(assessment.id);
  const std::vector<Fingerprinted> prints = fingerprint_all(store_, catalog_, assessment, all);
  json list = json::array();
  for (const Invitation& attempt : all) {
    json entry = summary(attempt, store_.events(attempt.id), now);
    entry["percentile"] =
        attempt.graded_at != 0 ? json(percentile(all, attempt.score).value_or(0)) : json(nullptr);
    entry["flags"]["similar"] =
        matches_for(attempt.id, prints, settings_.similarity_threshold).size();
    list.push_back(std::move(entry));
  }
  return {{"assessment_id", assessment.id}, {"attempts", list}};
}

std::string Reports::attempts_csv(const Assessment& assessment) {
  const json list = attempts(assessment)["attempts"];
  std::string csv =
      "attempt,candidate_name,candidate_email,status,score,max_score,passed,percentile,"
      "time_used_minutes,focus_lost,pastes,fullscreen_exits,connection_gaps,similar,"
      "needs_regrade\r\n";
  const auto number = [](const json& value) {
    if (value.is_null()) return std::string();
    if (value.is_boolean()) return std::string(value.get<bool>() ? "yes" : "no");
    return value.dump();
  };
  for (const json& a : list) {
    const json& flags = a["flags"];
    char minutes[32];
    (void)std::snprintf(minutes, sizeof minutes, "%.1f",
                        static_cast<double>(a["time_used_ms"].get<std::int64_t>()) / 60000.0);
    csv += std::to_string(a["id"].get<std::int64_t>()) + "," +
           csv_field(a["candidate_name"].get<std::string>()) + "," +
           csv_field(a["candidate_email"].get<std::string>()) + "," +
           a["status"].get<std::string>() + "," + number(a["score"]) + "," +
           number(a["max_score"]) + "," + number(a["passed"]) + "," + number(a["percentile"]) +
           "," + minutes + "," + number(flags["focus_lost"]) + "," + number(flags["pastes"]) + "," +
           number(flags["fullscreen_exits"]) + "," + number(flags["connection_gaps"]) + "," +
           number(flags["similar"]) + "," + number(a["needs_regrade"]) + "\r\n";
  }
  return csv;
}

std::optional<json> Reports::report(std::int64_t id) {
  const std::optional<Invitation> attempt = store_.find_invitation(id);
  if (!attempt) return std::nullopt;
  const std::optional<Assessment> assessment = store_.find_assessment(attempt->assessment_id);
  if (!assessment) return std::nullopt;
  const std::int64_t now = now_ms();
  const std::vector<Event> events = store_.events(id);
  const std::vector<Invitation> all = store_.list_invitations(assessment->id);

  json report = summary(*attempt, events, now);
  report["assessment"] = {{"id", assessment->id},
                          {"title", assessment->title},
                          {"pass_mark", assessment->pass_mark},
                          {"negative_marking", assessment->negative_marking},
                          {"duration_minutes", static_cast<double>(assessment->duration_s) / 60}};
  report["percentile"] =
      attempt->graded_at != 0 ? json(percentile(all, attempt->score).value_or(0)) : json(nullptr);

  std::map<int, Answer> answers;
  for (const Answer& a : store_.answers(id)) answers[a.position] = a;
  std::map<int, QuestionGrade> grades;
  for (const QuestionGrade& g : store_.question_grades(id)) grades[g.position] = g;
  std::map<int, json> history;
  for (const CodeSnapshot& s : store_.code_history(id)) {
    history[s.position].push_back({{"at", s.saved_at}, {"code", s.code}});
  }

  const std::int64_t end = attempt->submitted_at != 0 ? attempt->submitted_at : now;
  const std::vector<std::int64_t> spent =
      time_per_question(events, assessment->items.size(), std::min(end, attempt->deadline_at));
  json questions = json::array();
  for (std::size_t i = 0; i < assessment->items.size(); ++i) {
    const int position = static_cast<int>(i);
    const AssessmentItem& item = assessment->items[i];
    const Answer& answer = answers[position];
    json q = {{"question", position},
              {"kind", item.kind == "problem" ? "coding" : "mcq"},
              {"ref", item.ref},
              {"version", item.version},
              {"points", item.points},
              {"submitted", answer.submitted},
              {"last_saved_at", answer.updated_at},
              {"time_ms", spent[i]}};
    const auto grade = grades.find(position);
    q["score"] = grade != grades.end() ? json(grade->second.score) : json(nullptr);
    const json detail = grade != grades.end() ? parsed(grade->second.detail) : json();
    if (item.kind == "problem") {
      const ProblemPtr problem = catalog_.version(item.version);
      q["title"] = problem ? problem->name : item.ref;
      q["code"] = answer.code;
      q["history"] = history.count(position) ? history[position] : json::array();
      q["runs"] = answer.runs;
      q["tests"] = detail.is_object() && detail.contains("tests") ? detail["tests"] : json::array();
      if (detail.is_object() && detail.contains("error")) q["grading_error"] = detail["error"];
      if (detail.is_object()) q["internal_errors"] = detail.value("internal_errors", 0);
    } else {
      const json key = parsed(with_snapshot(item, *catalog_.bank()).snapshot);
      // value(), not [], on what was parsed: a missing key must not abort.
      q["text"] = key.is_object() ? key.value("text", json(item.ref)) : json(item.ref);
      q["snippet"] = key.is_object() ? key.value("snippet", json()) : json();
      q["options"] = key.is_object() ? key.value("options", json::array()) : json::array();
      q["correct"] = key.is_object() ? key.value("correct", json::array()) : json::array();
      q["explanation"] = key.is_object() ? key.value("explanation", "") : "";
      q["choices"] = parsed(answer.choices.empty() ? "[]" : answer.choices);
      if (detail.is_object()) q["outcome"] = detail.value("outcome", json());
    }
    questions.push_back(std::move(q));
  }
  report["questions"] = std::move(questions);

  json shown_events = json::array();
  for (const Event& e : events) {
    shown_events.push_back({{"at", e.at}, {"kind", e.kind}, {"detail", parsed(e.detail)}});
  }
  report["events"] = std::move(shown_events);
  report["connection_gaps"] = connection_gaps(events, attempt->started_at ? end : 0);
  const std::vector<Fingerprinted> prints = fingerprint_all(store_, catalog_, *assessment, all);
  report["similarity"] = matches_for(id, prints, settings_.similarity_threshold);
  report["flags"]["similar"] = report["similarity"].size();
  return report;
}

}  // namespace proctord
