// The scoring rules, and the CSV field rule that keeps a candidate's name
// from running as a spreadsheet formula.
#include "proctord/scoring.hpp"

#include <gtest/gtest.h>

#include "proctord/reports.hpp"

namespace proctord {
namespace {

using nlohmann::json;

AssessmentItem mcq_item(double points, std::vector<int> correct, std::size_t options,
                        bool multiple = false) {
  json snapshot = {
      {"text", "q"}, {"options", json::array()}, {"correct", correct}, {"multiple", multiple}};
  for (std::size_t i = 0; i < options; ++i) snapshot["options"].push_back("o");
  return {"mcq", "set/q", "v", points, snapshot.dump()};
}

TEST(ScoreMcq, AllOrNothingWithOptionalNegativeMarking) {
  const AssessmentItem single = mcq_item(10, {2}, 5);
  EXPECT_DOUBLE_EQ(score_mcq(single, 0, "[2]", false).score, 10);
  EXPECT_DOUBLE_EQ(score_mcq(single, 0, "[1]", false).score, 0);
  EXPECT_DOUBLE_EQ(score_mcq(single, 0, "[1]", true).score, -2.5);  // 10 / (5 - 1)
  EXPECT_DOUBLE_EQ(score_mcq(single, 0, "[]", true).score, 0);
  const AssessmentItem multiple = mcq_item(4, {0, 3}, 4, true);
  EXPECT_DOUBLE_EQ(score_mcq(multiple, 0, "[3, 0]", true).score, 4);
  EXPECT_DOUBLE_EQ(score_mcq(multiple, 0, "[0]", true).score, -1.3333);   // 4 decimals
  EXPECT_DOUBLE_EQ(score_mcq(multiple, 0, "[0, 3, 3]", false).score, 4);  // duplicates ignored
  EXPECT_EQ(json::parse(score_mcq(single, 0, "garbage", false).detail)["outcome"], "unanswered");
}

TEST(Total, NeverBelowZeroAndThePassMarkIsInclusive) {
  Assessment assessment;
  assessment.pass_mark = 50;
  assessment.items = {mcq_item(10, {0}, 2), mcq_item(10, {0}, 2)};
  const AttemptGrade negative = total(1, assessment, {{0, -10, 10, ""}, {1, 0, 10, ""}}, 1);
  EXPECT_DOUBLE_EQ(negative.score, 0);
  EXPECT_FALSE(negative.passed);
  const AttemptGrade half = total(1, assessment, {{0, 10, 10, ""}, {1, 0, 10, ""}}, 1);
  EXPECT_DOUBLE_EQ(half.max_score, 20);
  EXPECT_TRUE(half.passed);
}

TEST(CsvField, QuotesAndNeutralisesFormulas) {
  EXPECT_EQ(csv_field("Ada"), "Ada");
  EXPECT_EQ(csv_field("Lovelace, Ada"), "\"Lovelace, Ada\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("=1+1"), "'=1+1");
  EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_field("-2"), "'-2");
  EXPECT_EQ(csv_field("line\nbreak"), "\"line\nbreak\"");
}

TEST(ConnectionGaps, PairDisconnectionsWithReconnectionsAndSkipBlips) {
  const std::vector<Event> events = {{1000, "connected", "{}"},    {5000, "disconnected", "{}"},
                                     {9000, "connected", "{}"},    {20000, "disconnected", "{}"},
                                     {20300, "connected", "{}"},  // a reload: not a gap
                                     {30000, "disconnected", "{}"}};
  const json gaps = connection_gaps(events, 32000);
  ASSERT_EQ(gaps.size(), 2u) << gaps;
  EXPECT_EQ(gaps[0]["ms"], 4000);
  EXPECT_EQ(gaps[1]["from"], 30000);
  EXPECT_EQ(gaps[1]["to"], 32000);
}

}  // namespace
}  // namespace proctord
