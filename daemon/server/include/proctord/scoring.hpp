// Turning what a candidate gave into points: MCQ keys, coding test results
// scaled to the assessment's points, totals and the pass mark. Pure
// functions, so the rules are tested on their own and documented once
// (docs/api.md, "Scoring").
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "grading/grader.hpp"
#include "grading/mcq.hpp"
#include "proctord/bank.hpp"
#include "proctord/store.hpp"

namespace proctord {

// What a candidate may see of an MCQ, plus its key: pinned into the
// assessment when it is built.
nlohmann::json mcq_snapshot(const grading::McqQuestion& question);

// The item with its MCQ snapshot filled in from the bank when it has none
// (assessments built before snapshots were kept).
AssessmentItem with_snapshot(const AssessmentItem& item, const Bank& bank);

// An MCQ answer against the pinned key. All or nothing: the exact set of
// correct options earns the points; with negative marking a wrong answer
// costs points / (options - 1), so that guessing gains nothing on average;
// no answer is 0.
QuestionGrade score_mcq(const AssessmentItem& item, int position, const std::string& choices,
                        bool negative_marking);

// A coding question's final grade: the problem's own score scaled to the
// item's points. The detail keeps every test's verdict and figures; inputs,
// expected and actual output only for the sample tests (secret tests stay
// secret, even in reports).
QuestionGrade score_coding(const AssessmentItem& item, int position,
                           const grading::GradeReport& report, const grading::Problem& problem);

// A coding question nobody could grade (the pinned version is gone):
// zero, with the reason, never blamed on the candidate.
QuestionGrade ungradable(const AssessmentItem& item, int position, const std::string& why);

// A test the service failed to run (INTERNAL_ERROR): our failure, never
// the candidate's.
grading::TestResult service_failure(const std::string& name, const std::string& why);

// The total (never below zero), its maximum and pass/fail.
AttemptGrade total(std::int64_t attempt, const Assessment& assessment,
                   std::vector<QuestionGrade> questions, std::int64_t graded_at);

// A test result as JSON, for reports and for the candidate's sample runs.
// `reveal` adds the input and expected output (samples only).
nlohmann::json test_json(const grading::TestResult& result, const grading::Problem& problem,
                         bool reveal);

}  // namespace proctord
