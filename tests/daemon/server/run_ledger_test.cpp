#include "proctord/run_ledger.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace proctord {
namespace {

using json = nlohmann::json;

json result(std::int64_t run, int question, const std::string& output = "") {
  return {{"type", "run_result"}, {"run", run}, {"question", question}, {"output", output}};
}

TEST(RunLedger, ResultsGoToTheListenerOfTheMomentAndTheLatestIsKept) {
  RunLedger ledger;
  const std::int64_t one = ledger.open(7, 0, "samples");
  const std::int64_t two = ledger.open(7, 0, "custom");
  EXPECT_LT(one, two);  // growing, and with time: ids order across daemons too
  EXPECT_LT(ledger.open(8, 0, "samples"), two + 1000000);

  std::vector<json> old_tab, new_tab;
  const int old_who = 0, new_who = 0;
  ledger.listen(7, &old_who, [&](json m) { old_tab.push_back(std::move(m)); });
  ledger.listen(7, &new_who, [&](json m) { new_tab.push_back(std::move(m)); });
  ledger.unlisten(7, &old_who);  // the old tab closing does not silence the new one

  // Out of order: the later run's result is the one kept.
  ledger.close(7, two, result(two, 0, "second"));
  ledger.close(7, one, result(one, 0, "first"));
  EXPECT_TRUE(old_tab.empty());
  ASSERT_EQ(new_tab.size(), 2u);
  const json runs = ledger.runs(7);
  EXPECT_EQ(runs["pending"], json::array());
  ASSERT_EQ(runs["latest"].size(), 1u);
  EXPECT_EQ(runs["latest"][0]["output"], "second");
  EXPECT_EQ(ledger.runs(8)["pending"].size(), 1u);
}

TEST(RunLedger, ACancelledRunIsNotAResultAndAnEndedAttemptIsForgottenOnceAnswered) {
  RunLedger ledger;
  std::vector<json> pushed;
  const int who = 0;
  ledger.listen(3, &who, [&](json m) { pushed.push_back(std::move(m)); });
  const std::int64_t run = ledger.open(3, 1, "samples");
  ledger.forget(3);  // the attempt ended with a run in flight
  json cancelled = result(run, 1);
  cancelled["cancelled"] = true;
  ledger.close(3, run, cancelled);
  ASSERT_EQ(pushed.size(), 1u);  // still told
  EXPECT_EQ(ledger.runs(3)["latest"], json::array());
  ledger.open(3, 1, "samples");  // a fresh entry: the old one is gone
  EXPECT_EQ(ledger.runs(3)["pending"].size(), 1u);
}

// Several daemons: a result that finds nobody listening here (the candidate
// moved to another daemon) is relayed; one relayed from elsewhere is
// remembered and pushed to this daemon's listener.
TEST(RunLedger, AResultWithNobodyHereIsRelayedAndARelayedOneDelivered) {
  RunLedger here;
  std::vector<std::pair<std::int64_t, json>> relayed;
  here.set_relay([&](std::int64_t attempt, const json& r) { relayed.emplace_back(attempt, r); });
  std::vector<json> pushed;
  const int tab = 0;
  here.listen(4, &tab, [&](json m) { pushed.push_back(std::move(m)); });
  const std::int64_t first = here.open(4, 0, "samples");
  here.close(4, first, result(first, 0));
  EXPECT_EQ(pushed.size(), 1u);  // someone listens here: not relayed
  EXPECT_TRUE(relayed.empty());

  const std::int64_t second = here.open(4, 0, "custom");
  here.moved_away(4);
  here.close(4, second, result(second, 0, "late"));
  EXPECT_EQ(pushed.size(), 1u);
  ASSERT_EQ(relayed.size(), 1u);
  EXPECT_EQ(relayed[0].first, 4);
  EXPECT_EQ(relayed[0].second["output"], "late");
  json cancelled = result(here.open(4, 0, "samples"), 0);
  cancelled["cancelled"] = true;
  here.close(4, cancelled["run"], cancelled);
  EXPECT_EQ(relayed.size(), 1u);  // a cancellation is nobody's news

  RunLedger there;
  std::vector<json> moved_tab;
  const int other = 0;
  there.listen(4, &other, [&](json m) { moved_tab.push_back(std::move(m)); });
  there.deliver(4, relayed[0].second);
  ASSERT_EQ(moved_tab.size(), 1u);
  EXPECT_EQ(there.runs(4)["latest"][0]["output"], "late");
  there.deliver(4, relayed[0].second);  // read again: not news, not pushed again
  there.deliver(4, result(first, 0, "older"));
  EXPECT_EQ(moved_tab.size(), 1u);
  // A run asked for there after the move (a millisecond at least: another
  // connection) is newer than the relayed one.
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  const std::int64_t later = there.open(4, 0, "samples");
  EXPECT_GT(later, second);
  there.close(4, later, result(later, 0, "newest"));
  EXPECT_EQ(there.runs(4)["latest"][0]["output"], "newest");
}

TEST(RunLedger, BoundsForgetTheIdleAttemptsLeastRecentlyTouched) {
  RunLedger ledger(2, 1000);
  for (const std::int64_t attempt : {1, 2}) {
    const std::int64_t run = ledger.open(attempt, 0, "samples");
    ledger.close(attempt, run, result(run, 0));
  }
  const int who = 0;
  ledger.listen(1, &who, [](const json&) {});  // attempt 1 has a connection
  const std::int64_t run = ledger.open(3, 0, "samples");
  ledger.close(3, run, result(run, 0));
  EXPECT_EQ(ledger.runs(1)["latest"].size(), 1u);  // kept: connected
  EXPECT_EQ(ledger.runs(3)["latest"].size(), 1u);
  EXPECT_EQ(ledger.runs(2)["latest"].size(), 0u);  // forgotten: idle and oldest

  // A result too big for the byte bound pushes idle attempts out.
  ledger.unlisten(1, &who);
  const std::int64_t big = ledger.open(3, 1, "custom");
  ledger.close(3, big, result(big, 1, std::string(900, 'x')));
  EXPECT_EQ(ledger.runs(3)["latest"].size(), 2u);
  EXPECT_EQ(ledger.runs(1)["latest"].size(), 0u);

  // Connected attempts' results go too when nothing idle is left, the
  // connection itself kept: results still reach it.
  std::vector<json> pushed;
  ledger.listen(3, &who, [&](json m) { pushed.push_back(std::move(m)); });
  const int other = 0;
  ledger.listen(5, &other, [](const json&) {});
  const std::int64_t heavy = ledger.open(5, 0, "custom");
  ledger.close(5, heavy, result(heavy, 0, std::string(900, 'y')));
  EXPECT_EQ(ledger.runs(3)["latest"].size(), 0u);
  EXPECT_EQ(ledger.runs(5)["latest"].size(), 1u);
  const std::int64_t again = ledger.open(3, 0, "samples");
  ledger.close(3, again, result(again, 0));
  EXPECT_EQ(pushed.size(), 1u);
}

}  // namespace
}  // namespace proctord
