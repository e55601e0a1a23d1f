// Reports over a real SQLite file: a grade with tests we failed to run gives
// no pass or fail until a regrade, in the list and in the CSV.
#include "proctord/reports.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <vector>

#include "proctord/auth.hpp"

namespace proctord {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ReportsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "reports-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    store_ = open_sqlite_store((dir_ / "test.db").string());
    catalog_ = std::make_unique<Catalog>(Bank{}, dir_ / "versions");
    const std::int64_t account =
        store_->create_account({0, "a@example.com", "A", Role::Admin, "hash", now_ms()});
    assessment_.title = "t";
    assessment_.created_by = account;
    assessment_.duration_s = 60;
    assessment_.pass_mark = 50;
    assessment_.items = {{"mcq", "set/q", "v", 10, R"({"options":["a","b"],"correct":[0]})"}};
    assessment_.id = store_->create_assessment(assessment_);
    Invitation invitation;
    invitation.assessment_id = assessment_.id;
    invitation.candidate_name = "Lovelace, Ada";
    invitation.candidate_email = "ada@example.com";
    invitation.token_hash = "t";
    invitation.expires_at = now_ms() + 60000;
    attempt_ = store_->create_invitation(invitation);
    ASSERT_TRUE(store_->start_attempt(attempt_, now_ms(), now_ms() + 60000));
    ASSERT_TRUE(store_->end_attempt(attempt_, "submitted", now_ms()));
  }
  void TearDown() override {
    store_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  void grade(double score, int internal_errors) {
    AttemptGrade grade;
    grade.attempt = attempt_;
    grade.score = score;
    grade.max_score = 10;
    grade.passed = score >= 5;
    grade.graded_at = now_ms();
    grade.questions = {
        {0, score, 10, json{{"kind", "mcq"}, {"internal_errors", internal_errors}}.dump()}};
    store_->save_grade(grade);
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Catalog> catalog_;
  Assessment assessment_;
  std::int64_t attempt_ = 0;
};

TEST_F(ReportsTest, OurFailuresMeanNoVerdictUntilARegrade) {
  Reports reports(*store_, *catalog_);
  grade(0, 1);
  json listed = reports.attempts(assessment_)["attempts"][0];
  EXPECT_TRUE(listed["needs_regrade"].get<bool>());
  EXPECT_TRUE(listed["passed"].is_null());
  EXPECT_EQ(listed["flags"]["internal_errors"], 1);
  const std::string csv = reports.attempts_csv(assessment_);
  EXPECT_NE(csv.find(",needs_regrade\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"Lovelace, Ada\""), std::string::npos) << csv;
  EXPECT_NE(csv.find(",yes\r\n"), std::string::npos) << csv;  // needs_regrade

  grade(10, 0);
  listed = reports.attempts(assessment_)["attempts"][0];
  EXPECT_FALSE(listed["needs_regrade"].get<bool>());
  EXPECT_TRUE(listed["passed"].get<bool>());
  EXPECT_DOUBLE_EQ(listed["score"].get<double>(), 10);
  EXPECT_EQ(listed["percentile"], 100.0);
}

TEST_F(ReportsTest, AnUngradedAttemptHasNoScoreYet) {
  Reports reports(*store_, *catalog_);
  const json listed = reports.attempts(assessment_)["attempts"][0];
  EXPECT_FALSE(listed["graded"].get<bool>());
  EXPECT_TRUE(listed["score"].is_null());
  EXPECT_TRUE(listed["percentile"].is_null());
  const std::optional<json> report = reports.report(attempt_);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ((*report)["questions"][0]["kind"], "mcq");
  EXPECT_EQ((*report)["questions"][0]["correct"], json::array({0}));
  EXPECT_FALSE(reports.report(attempt_ + 1000).has_value());
}

TEST(TimePerQuestion, FromEachOpeningToTheNextADisconnectionOrTheEnd) {
  const auto opened = [](std::int64_t at, int question) {
    return Event{at, "question_opened", json{{"question", question}}.dump()};
  };
  const std::vector<Event> events = {
      {0, "started", "{}"},
      opened(100, 0),
      {150, "focus_lost", "{}"},  // away from the tab: still this question's time
      opened(400, 1),
      opened(450, 0),
      {500, "disconnected", "{}"},  // nothing counts while nobody is connected
      {900, "connected", "{}"},
      opened(1000, 1),
      opened(1100, 7),  // not a question of this assessment: ignored
      {1200, "connection_replaced", "{}"},
      opened(1300, 1),
      {1500, "finished", "{}"},
  };
  EXPECT_EQ(time_per_question(events, 2, 2000),
            (std::vector<std::int64_t>{300 + 50, 50 + 100 + 200}));
  // Still open at `end` (the attempt runs): counted up to it.
  const std::vector<Event> running = {opened(10, 1)};
  EXPECT_EQ(time_per_question(running, 2, 70), (std::vector<std::int64_t>{0, 60}));
  const std::vector<Event> malformed = {{5, "question_opened", "{\"question\": \"x\"}"},
                                        {6, "question_opened", "not json"}};
  EXPECT_EQ(time_per_question(malformed, 1, 100), (std::vector<std::int64_t>{0}));
}

}  // namespace
}  // namespace proctord
