#include "proctord/scoring.hpp"

#include <algorithm>
#include <cmath>

namespace proctord {
namespace {

using json = nlohmann::json;

double rounded(double points) {
  return std::round(points * 1e4) / 1e4;
}

std::vector<int> sorted_choices(const json& choices) {
  std::vector<int> all;
  if (!choices.is_array()) return all;
  for (const json& c : choices) {
    if (c.is_number_integer()) all.push_back(c.get<int>());
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

const grading::TestCase* find_test(const grading::Problem& problem, const std::string& name) {
  for (const grading::TestCase& test : problem.tests) {
    if (test.name == name) return &test;
  }
  return nullptr;
}

std::string read_or_empty(const std::filesystem::path& path) {
  if (path.empty()) return "";
  try {
    return grading::read_file(path);
  } catch (const std::exception&) {
    return "";
  }
}

}  // namespace

json mcq_snapshot(const grading::McqQuestion& question) {
  json options = json::array();
  json correct = json::array();
  for (std::size_t i = 0; i < question.options.size(); ++i) {
    options.push_back(question.options[i].text);
    if (question.options[i].correct) correct.push_back(i);
  }
  json snapshot = {{"text", question.question},
                   {"options", options},
                   {"correct", correct},
                   {"multiple", question.multiple()},
                   {"explanation", question.explanation}};
  if (question.snippet) snapshot["snippet"] = *question.snippet;
  return snapshot;
}

AssessmentItem with_snapshot(const AssessmentItem& item, const Bank& bank) {
  AssessmentItem filled = item;
  if (item.kind == "mcq" && item.snapshot.empty()) {
    if (const grading::McqQuestion* question = find_mcq(bank, item.ref)) {
      filled.snapshot = mcq_snapshot(*question).dump();
    }
  }
  return filled;
}

QuestionGrade score_mcq(const AssessmentItem& item, int position, const std::string& choices,
                        bool negative_marking) {
  const json key = json::parse(item.snapshot, nullptr, false);
  const std::vector<int> given = sorted_choices(json::parse(choices, nullptr, false));
  const std::vector<int> correct =
      key.is_object() ? sorted_choices(key.value("correct", json::array())) : std::vector<int>{};
  const std::size_t options = key.is_object() ? key.value("options", json::array()).size() : 2;
  QuestionGrade grade{position, 0, item.points, ""};
  std::string outcome = "unanswered";
  if (!given.empty()) {
    if (given == correct) {
      grade.score = item.points;
      outcome = "correct";
    } else {
      outcome = "wrong";
      if (negative_marking) {
        grade.score = -item.points / static_cast<double>(std::max<std::size_t>(1, options - 1));
      }
    }
  }
  grade.score = rounded(grade.score);
  grade.detail =
      json{{"kind", "mcq"}, {"choices", given}, {"correct", correct}, {"outcome", outcome}}.dump();
  return grade;
}

json test_json(const grading::TestResult& result, const grading::Problem& problem, bool reveal) {
  json test = {{"name", result.name},       {"group", result.group},
               {"verdict", result.verdict}, {"cpu_ms", result.cpu_ms},
               {"wall_ms", result.wall_ms}, {"memory_kb", result.memory_kb}};
  const grading::TestCase* source = find_test(problem, result.name);
  const bool sample = source != nullptr && source->sample;
  // A wrong answer's explanation quotes the expected output: only for
  // samples. Other verdicts explain the program's own failure.
  if (sample || result.verdict != "WRONG_ANSWER") test["detail"] = result.detail;
  if (sample && reveal) {
    test["input"] = read_or_empty(source->input);
    test["expected"] = read_or_empty(source->answer);
    test["output"] = result.output;
    test["stderr"] = result.error;
  }
  return test;
}

QuestionGrade score_coding(const AssessmentItem& item, int position,
                           const grading::GradeReport& report, const grading::Problem& problem) {
  QuestionGrade grade{position, 0, item.points, ""};
  if (report.max_score > 0) grade.score = rounded(report.score / report.max_score * item.points);
  json tests = json::array();
  std::size_t internal_errors = 0;
  for (const grading::TestResult& result : report.tests) {
    json test = test_json(result, problem, true);
    test["points"] =
        report.max_score > 0 ? rounded(result.points / report.max_score * item.points) : 0.0;
    if (result.verdict == "INTERNAL_ERROR") ++internal_errors;
    tests.push_back(std::move(test));
  }
  grade.detail = json{
      {"kind", "coding"},
      {"problem_score", report.score},
      {"problem_max", report.max_score},
      {"version", problem.content_hash},
      {"internal_errors", internal_errors},
      {"tests",
       tests}}.dump(-1, ' ', false, json::error_handler_t::replace);
  return grade;
}

QuestionGrade ungradable(const AssessmentItem& item, int position, const std::string& why) {
  return {position, 0, item.points,
          json{{"kind", "coding"}, {"internal_errors", 1}, {"error", why}, {"tests", json::array()}}
              .dump()};
}

grading::TestResult service_failure(const std::string& name, const std::string& why) {
  grading::TestResult failed;
  failed.name = name;
  failed.group = "sample";
  failed.verdict = "INTERNAL_ERROR";
  failed.detail = "the service failed to run this: " + why;
  return failed;
}

AttemptGrade total(std::int64_t attempt, const Assessment& assessment,
                   std::vector<QuestionGrade> questions, std::int64_t graded_at) {
  AttemptGrade grade;
  grade.attempt = attempt;
  grade.graded_at = graded_at;
  for (const AssessmentItem& item : assessment.items) grade.max_score += item.points;
  for (const QuestionGrade& q : questions) grade.score += q.score;
  grade.score = rounded(std::max(0.0, grade.score));
  grade.max_score = rounded(grade.max_score);
  grade.passed =
      grade.max_score > 0 && grade.score * 100 >= assessment.pass_mark * grade.max_score - 1e-9;
  grade.questions = std::move(questions);
  return grade;
}

}  // namespace proctord
