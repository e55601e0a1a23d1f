// The write batcher against a real SQLite file: every acknowledged save is
// in the database, saves from many threads share transactions, and one bad
// write costs only itself.
#include "proctord/write_batcher.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <thread>

#include "proctord/auth.hpp"

namespace proctord {
namespace {

namespace fs = std::filesystem;

class Batcher : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "batcher-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    store_ = open_sqlite_store((dir_ / "test.db").string());
    const std::int64_t account =
        store_->create_account({0, "a@example.com", "A", Role::Admin, "hash", now_ms()});
    Assessment assessment;
    assessment.title = "t";
    assessment.created_by = account;
    assessment.duration_s = 60;
    assessment.items = {{"problem", "gcd", "v", 10, ""}};
    const std::int64_t id = store_->create_assessment(assessment);
    Invitation invitation;
    invitation.assessment_id = id;
    invitation.candidate_name = "C";
    invitation.candidate_email = "c@example.com";
    invitation.token_hash = "t";
    attempt_ = store_->create_invitation(invitation);
  }
  void TearDown() override {
    store_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  static AttemptWrite code(std::int64_t attempt, int position, std::string text) {
    AttemptWrite write;
    write.kind = AttemptWrite::Kind::Code;
    write.attempt = attempt;
    write.position = position;
    write.text = std::move(text);
    write.at = now_ms();
    return write;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
  std::int64_t attempt_ = 0;
  Metrics metrics_;
};

TEST_F(Batcher, EveryAcknowledgedSaveIsOnDisk) {
  WriteBatcher batcher(*store_, metrics_);
  batcher.start();
  constexpr int kThreads = 8;
  constexpr int kSaves = 200;
  std::atomic<int> saved{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kSaves; ++i) {
        std::promise<bool> done;
        batcher.submit(code(attempt_, t, std::to_string(i)),
                       [&done](bool ok) { done.set_value(ok); });
        if (done.get_future().get()) ++saved;
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  batcher.stop();
  EXPECT_EQ(saved, kThreads * kSaves);
  const std::vector<Answer> answers = store_->answers(attempt_);
  ASSERT_EQ(answers.size(), static_cast<std::size_t>(kThreads));
  for (const Answer& answer : answers) EXPECT_EQ(answer.code, std::to_string(kSaves - 1));
}

TEST_F(Batcher, ABadWriteCostsOnlyItself) {
  WriteBatcher batcher(*store_, metrics_);
  // Queued before the thread starts, so that they land in one batch.
  std::vector<int> outcome(3, -1);
  batcher.submit(code(attempt_, 0, "first"), [&](bool ok) { outcome[0] = ok; });
  batcher.submit(code(attempt_ + 999, 0, "no such attempt"), [&](bool ok) { outcome[1] = ok; });
  batcher.submit(code(attempt_, 1, "third"), [&](bool ok) { outcome[2] = ok; });
  batcher.start();
  batcher.stop();
  EXPECT_EQ(outcome, (std::vector<int>{1, 0, 1}));
  EXPECT_EQ(store_->answers(attempt_).size(), 2u);
  EXPECT_GE(metrics_.store_errors.load(), 1u);
}

TEST_F(Batcher, AFullQueueRefusesAtOnce) {
  WriteBatcher batcher(*store_, metrics_, 2);
  int refused = 0;
  for (int i = 0; i < 5; ++i) {
    batcher.submit(code(attempt_, 0, "x"), [&](bool ok) { refused += ok ? 0 : 1; });
  }
  EXPECT_EQ(refused, 3);  // nothing is written until start; two wait
  batcher.start();
  batcher.stop();
  EXPECT_EQ(refused, 3);
}

}  // namespace
}  // namespace proctord
