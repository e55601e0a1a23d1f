// Grading through a real proctord: candidates' sample and custom runs over
// the WebSocket, final grading at submission with exact scores, the report
// and its CSV, regrades, roles, and a SIGKILL in the middle of it all.
//
// Expected scores come from an independent path: `proctorctl grade` runs the
// same code against the same problem and its figure is scaled by hand here.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "proctord_process.hpp"
#include "staff_calls.hpp"
#include "ws_client.hpp"

namespace proctord_test {
namespace {

namespace fs = std::filesystem;

// The fraction of a problem's points that `proctorctl grade` gives the file.
double proctorctl_fraction(const std::string& problem, const std::string& kind,
                           const std::string& file) {
  const fs::path dir = fs::path(PROCTOR_PROBLEMS_DIR) / "coding" / problem;
  const std::string command = std::string(PROCTORCTL_BINARY) + " grade " + dir.string() + " " +
                              (dir / "submissions" / kind / file).string() + " --json";
  FILE* out = ::popen(command.c_str(), "r");
  std::string text;
  char chunk[4096];
  while (std::fgets(chunk, sizeof chunk, out) != nullptr) text += chunk;
  ::pclose(out);
  const json graded = json::parse(text);
  return graded["score"].get<double>() / graded["max_score"].get<double>();
}

// Two single-answer MCQs of the bank with their keys.
struct Mcq {
  std::string ref;
  int key = 0;
  std::size_t options = 0;
};

std::vector<Mcq> single_answer_mcqs(unsigned short port, const Staff& who, std::size_t count) {
  std::vector<Mcq> found;
  const json bank = json::parse(call(port, http::verb::get, "/api/bank", who).body());
  for (const json& set : bank["mcq_sets"]) {
    for (const json& q : set["questions"]) {
      if (q["multiple"].get<bool>() || found.size() == count) continue;
      Mcq mcq{set["id"].get<std::string>() + "/" + q["id"].get<std::string>(), 0,
              q["options"].size()};
      for (std::size_t i = 0; i < q["options"].size(); ++i) {
        if (q["options"][i]["correct"]) mcq.key = static_cast<int>(i);
      }
      found.push_back(mcq);
    }
  }
  return found;
}

// An assessment of number-sign (stdio, 40 points), gcd (function, 30) and
// two MCQs (10 each), negative marking on.
struct Built {
  std::string id;
  std::vector<Mcq> mcqs;
};

Built build_assessment(unsigned short port, const Staff& who, double minutes = 30) {
  Built built;
  built.mcqs = single_answer_mcqs(port, who, 2);
  const json spec = {{"title", "Backend screen"},
                     {"duration_minutes", minutes},
                     {"pass_mark", 60},
                     {"negative_marking", true},
                     {"items",
                      {{{"problem", "number-sign"}, {"points", 40}},
                       {{"problem", "gcd"}, {"points", 30}},
                       {{"mcq", built.mcqs[0].ref}, {"points", 10}},
                       {{"mcq", built.mcqs[1].ref}, {"points", 10}}}}};
  const Response made = call(port, http::verb::post, "/api/assessments", who, spec);
  EXPECT_EQ(made.result_int(), 201) << made.body();
  built.id = std::to_string(json::parse(made.body())["id"].get<int>());
  return built;
}

std::int64_t queued_run(WsClient& ws, const json& message) {
  const json queued = ws.ask(message);
  EXPECT_EQ(queued["type"], "run_queued") << queued;
  return queued.value("run", std::int64_t{-1});
}

class Grading : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ProctordProcess();
    admin_ = sign_in(server_->port(), "admin@localhost", server_->admin_password());
  }
  static void TearDownTestSuite() { delete server_; }
  static unsigned short port() { return server_->port(); }

  static ProctordProcess* server_;
  static Staff admin_;
};
ProctordProcess* Grading::server_ = nullptr;
Staff Grading::admin_;

TEST_F(Grading, SampleRunsCustomInputFinalGradeAndReport) {
  const Built built = build_assessment(port(), admin_);
  const Invited invited = invite(port(), admin_, built.id, "=HYPERLINK(\"x\"), <b>Grace</b>");
  WsClient ws(port());
  ASSERT_EQ(ws.ask({{"type", "hello"}, {"token", invited.token}})["type"], "welcome");
  ASSERT_EQ(ws.ask({{"type", "start"}})["type"], "started");

  // A failing sample run: "-0" is zero, not negative.
  const std::string failing = submission("number-sign", "wrong_answer", "minus_means_negative.py");
  const std::int64_t first = queued_run(ws, {{"type", "run"}, {"question", 0}, {"code", failing}});
  const json failed = ws.run_result(first);
  ASSERT_EQ(failed["type"], "run_result") << failed;
  EXPECT_EQ(failed["mode"], "samples");
  ASSERT_EQ(failed["tests"].size(), 2u) << failed;
  EXPECT_EQ(failed["tests"][0]["verdict"], "ACCEPTED");
  EXPECT_EQ(failed["tests"][1]["verdict"], "WRONG_ANSWER");
  EXPECT_EQ(failed["tests"][1]["expected"], "zero\n");
  EXPECT_EQ(failed["tests"][1]["output"], "negative\n");

  // Custom input on a standard-input problem, then on a function problem.
  const std::int64_t custom =
      queued_run(ws, {{"type", "run"}, {"question", 0}, {"code", failing}, {"input", "-7\n"}});
  const json custom_result = ws.run_result(custom);
  ASSERT_EQ(custom_result["tests"].size(), 1u) << custom_result;
  EXPECT_EQ(custom_result["mode"], "custom");
  EXPECT_EQ(custom_result["tests"][0]["verdict"], "OK");
  EXPECT_EQ(custom_result["tests"][0]["output"], "negative\n");
  EXPECT_FALSE(custom_result["tests"][0].contains("expected"));
  const std::string no_abs = submission("gcd", "wrong_answer", "no_abs.py");
  const std::int64_t called =
      queued_run(ws, {{"type", "run"}, {"question", 1}, {"code", no_abs}, {"input", "[48, -18]"}});
  const json call_result = ws.run_result(called);
  ASSERT_EQ(call_result["tests"].size(), 1u) << call_result;
  EXPECT_EQ(call_result["tests"][0]["output"], "-6");
  const std::int64_t crash = queued_run(ws, {{"type", "run"},
                                             {"question", 1},
                                             {"code", "def gcd(a, b):\n    raise KeyError('x')\n"},
                                             {"input", "[1, 2]"}});
  EXPECT_EQ(ws.run_result(crash)["tests"][0]["verdict"], "RUNTIME_ERROR");

  // The final answers: an accepted stdio solution, a wrong gcd, one MCQ
  // right and one wrong.
  const std::string accepted = submission("number-sign", "accepted", "by_digits.py");
  EXPECT_EQ(ws.ask({{"type", "save_code"}, {"question", 0}, {"code", accepted}})["type"], "saved");
  EXPECT_EQ(ws.ask({{"type", "save_code"}, {"question", 1}, {"code", no_abs}})["type"], "saved");
  const int wrong_choice = (built.mcqs[1].key + 1) % static_cast<int>(built.mcqs[1].options);
  EXPECT_EQ(
      ws.ask({{"type", "save_answer"}, {"question", 2}, {"choices", {built.mcqs[0].key}}})["type"],
      "saved");
  EXPECT_EQ(ws.ask({{"type", "save_answer"}, {"question", 3}, {"choices", {wrong_choice}}})["type"],
            "saved");
  EXPECT_EQ(ws.ask({{"type", "event"}, {"kind", "focus_lost"}})["type"], "recorded");
  ASSERT_EQ(ws.ask({{"type", "finish"}})["type"], "finished");

  const json report = graded_report(port(), admin_, invited.attempt);
  const double gcd_points = 30 * proctorctl_fraction("gcd", "wrong_answer", "no_abs.py");
  const double penalty = 10.0 / static_cast<double>(built.mcqs[1].options - 1);
  const json& questions = report["questions"];
  ASSERT_EQ(questions.size(), 4u);
  EXPECT_DOUBLE_EQ(questions[0]["score"].get<double>(), 40);
  EXPECT_NEAR(questions[1]["score"].get<double>(), gcd_points, 1e-3);
  EXPECT_LT(gcd_points, 30);
  EXPECT_DOUBLE_EQ(questions[2]["score"].get<double>(), 10);
  EXPECT_NEAR(questions[3]["score"].get<double>(), -penalty, 1e-3);
  EXPECT_EQ(questions[3]["outcome"], "wrong");
  EXPECT_NEAR(report["score"].get<double>(), 40 + gcd_points + 10 - penalty, 1e-3);
  EXPECT_DOUBLE_EQ(report["max_score"].get<double>(), 90);
  EXPECT_EQ(report["passed"].get<bool>(), (40 + gcd_points + 10 - penalty) * 100 >= 60 * 90);
  EXPECT_EQ(questions[0]["runs"], 2);
  EXPECT_EQ(questions[1]["runs"], 2);
  EXPECT_EQ(questions[0]["code"], accepted);
  EXPECT_EQ(report["flags"]["focus_lost"], 1);

  // Every test is there; expected output only for the samples.
  std::size_t secret = 0;
  for (const json& test : questions[1]["tests"]) {
    if (test["group"] == "sample") {
      EXPECT_TRUE(test.contains("expected")) << test;
    } else {
      ++secret;
      EXPECT_FALSE(test.contains("expected")) << test;
      EXPECT_FALSE(test.contains("output")) << test;
    }
  }
  EXPECT_GE(secret, 10u);

  // The list and its CSV agree with the report.
  const json list = json::parse(
      call(port(), http::verb::get, "/api/assessments/" + built.id + "/attempts", admin_).body());
  ASSERT_EQ(list["attempts"].size(), 1u);
  EXPECT_EQ(list["attempts"][0]["score"], report["score"]);
  EXPECT_EQ(list["attempts"][0]["percentile"], 100.0);
  const Response csv =
      call(port(), http::verb::get, "/api/assessments/" + built.id + "/attempts.csv", admin_);
  EXPECT_EQ(csv[http::field::content_type], "text/csv; charset=utf-8");
  // Quoted, and neutralised so that a spreadsheet shows it instead of running it.
  EXPECT_NE(csv.body().find(",\"'=HYPERLINK(\"\"x\"\"), <b>Grace</b>\","), std::string::npos)
      << csv.body();
  // The JSON export: every attempt's whole report, every test result.
  const Response exported =
      call(port(), http::verb::get, "/api/assessments/" + built.id + "/results.json", admin_);
  ASSERT_EQ(exported.result_int(), 200) << exported.body();
  EXPECT_NE(std::string(exported[http::field::content_disposition]).find("attachment"),
            std::string::npos);
  const json results = json::parse(exported.body());
  EXPECT_EQ(results["assessment"]["id"].get<int>(), std::stoi(built.id));
  ASSERT_EQ(results["attempts"].size(), 1u);
  EXPECT_EQ(results["attempts"][0]["questions"], report["questions"]);
  EXPECT_FALSE(results["attempts"][0]["questions"][0]["tests"].empty());

  // A regrade gives the same figures.
  const Response regrade =
      call(port(), http::verb::post, "/api/attempts/" + invited.attempt + "/regrade", admin_);
  EXPECT_EQ(regrade.result_int(), 202) << regrade.body();
  const json again = graded_report(port(), admin_, invited.attempt);
  EXPECT_EQ(again["score"], report["score"]);
}

// The same program under other names is flagged, with the matching lines on
// both sides; a different solution is not.
TEST_F(Grading, SimilarSubmissionsAreFlaggedSideBySide) {
  const std::string original =
      "def gcd(a: int, b: int) -> int:\n"
      "    # Euclid, with the signs taken off first\n"
      "    a, b = abs(a), abs(b)\n"
      "    if a < b:\n"
      "        a, b = b, a\n"
      "    steps = 0\n"
      "    while b != 0:\n"
      "        remainder = a % b\n"
      "        a = b\n"
      "        b = remainder\n"
      "        steps += 1\n"
      "    if steps > 10000:\n"
      "        print('slow', steps)\n"
      "    return a\n";
  const std::string renamed =
      "def gcd(a: int, b: int) -> int:\n"
      "    x, y = abs(a), abs(b)\n"
      "    if x < y:\n"
      "        x, y = y, x\n"
      "    count = 0\n"
      "    while y != 0:\n"
      "        r = x % y  # what is left\n"
      "        x = y\n"
      "        y = r\n"
      "        count += 1\n"
      "    if count > 10000:\n"
      "        print('many', count)\n"
      "    return x\n";
  const std::string different = submission("gcd", "accepted", "stdlib.py");
  const json spec = {
      {"title", "similar"}, {"duration_minutes", 10}, {"items", {{{"problem", "gcd"}}}}};
  const Response made = call(port(), http::verb::post, "/api/assessments", admin_, spec);
  ASSERT_EQ(made.result_int(), 201);
  const std::string assessment = std::to_string(json::parse(made.body())["id"].get<int>());
  std::vector<Invited> who;
  for (const std::string& code : {original, renamed, different}) {
    who.push_back(invite(port(), admin_, assessment, "C" + std::to_string(who.size())));
    WsClient ws(port());
    ws.ask({{"type", "hello"}, {"token", who.back().token}});
    ws.ask({{"type", "start"}});
    ASSERT_EQ(ws.ask({{"type", "save_code"}, {"question", 0}, {"code", code}})["type"], "saved");
    ASSERT_EQ(ws.ask({{"type", "finish"}})["type"], "finished");
  }
  const json report =
      json::parse(call(port(), http::verb::get, "/api/attempts/" + who[0].attempt, admin_).body());
  ASSERT_EQ(report["similarity"].size(), 1u) << report["similarity"];
  const json& match = report["similarity"][0];
  EXPECT_EQ(std::to_string(match["other_attempt"].get<int>()), who[1].attempt);
  EXPECT_GE(match["score"].get<double>(), 0.8);
  ASSERT_FALSE(match["regions"].empty());
  EXPECT_LE(match["regions"][0]["lines"][0].get<int>(), 4);
  const json list = json::parse(
      call(port(), http::verb::get, "/api/assessments/" + assessment + "/attempts", admin_).body());
  EXPECT_EQ(list["attempts"][0]["flags"]["similar"], 1);
  EXPECT_EQ(list["attempts"][1]["flags"]["similar"], 1);
  EXPECT_EQ(list["attempts"][2]["flags"]["similar"], 0);
}

TEST_F(Grading, HiddenSampleResultsShowOnlyVerdicts) {
  const json spec = {{"title", "quiet"},
                     {"duration_minutes", 10},
                     {"show_sample_results", false},
                     {"items", {{{"problem", "number-sign"}}}}};
  const Response made = call(port(), http::verb::post, "/api/assessments", admin_, spec);
  ASSERT_EQ(made.result_int(), 201);
  const Invited invited =
      invite(port(), admin_, std::to_string(json::parse(made.body())["id"].get<int>()), "Q");
  WsClient ws(port());
  ws.ask({{"type", "hello"}, {"token", invited.token}});
  ws.ask({{"type", "start"}});
  const std::int64_t run =
      queued_run(ws, {{"type", "run"}, {"question", 0}, {"code", "print('zero')"}});
  const json result = ws.run_result(run);
  ASSERT_EQ(result["tests"].size(), 2u) << result;
  EXPECT_EQ(result["tests"][0]["verdict"], "WRONG_ANSWER");
  EXPECT_FALSE(result["tests"][0].contains("expected"));
  EXPECT_FALSE(result["tests"][0].contains("output"));
  EXPECT_FALSE(result["tests"][0].contains("detail"));
}

TEST_F(Grading, RunsAreBoundedAndCheckedAndEndWithTheAttempt) {
  const Built built = build_assessment(port(), admin_);
  const Invited invited = invite(port(), admin_, built.id, "Bounded");
  WsClient ws(port());
  ws.ask({{"type", "hello"}, {"token", invited.token}});
  EXPECT_EQ(ws.ask({{"type", "run"}, {"question", 0}, {"code", "print(1)"}})["code"],
            "not_started");
  ws.ask({{"type", "start"}});
  EXPECT_EQ(ws.ask({{"type", "run"}, {"question", 2}, {"code", "print(1)"}})["code"],
            "bad_question");
  EXPECT_EQ(ws.ask({{"type", "run"}, {"question", 0}})["code"], "bad_message");
  EXPECT_EQ(ws.ask({{"type", "run"}, {"question", 0}, {"code", "x"}, {"input", 5}})["code"],
            "bad_message");
  EXPECT_EQ(ws.ask({{"type", "run"},
                    {"question", 0},
                    {"code", "x"},
                    {"input", std::string(70000, '1')}})["code"],
            "too_large");
  // Two slow runs in flight at most; the third is refused until one ends.
  const std::string slow = "import time\ntime.sleep(1.5)\nprint('zero')\n";
  const std::int64_t one = queued_run(ws, {{"type", "run"}, {"question", 0}, {"code", slow}});
  const std::int64_t two = queued_run(ws, {{"type", "run"}, {"question", 0}, {"code", slow}});
  EXPECT_EQ(ws.ask({{"type", "run"}, {"question", 0}, {"code", slow}})["code"], "run_in_progress");
  // Finishing cancels what still waits; whatever ran comes back.
  ASSERT_EQ(ws.ask({{"type", "finish"}})["type"], "finished");
  for (const std::int64_t run : {one, two}) {
    const json result = ws.run_result(run);
    EXPECT_EQ(result["type"], "run_result") << result;
  }
  EXPECT_EQ(ws.ask({{"type", "run"}, {"question", 0}, {"code", "print(1)"}})["code"],
            "attempt_over");
}

// The limits belong to the attempt, not the connection: a new tab does not
// get fresh ones, but it is told of the runs in flight and gets their
// results. The old tab, once replaced, can change nothing.
TEST_F(Grading, ANewTabTakesOverTheAttemptItsLimitsAndItsRuns) {
  const Built built = build_assessment(port(), admin_);
  const Invited invited = invite(port(), admin_, built.id, "Tabs");
  WsClient old_tab(port());
  old_tab.ask({{"type", "hello"}, {"token", invited.token}});
  EXPECT_EQ(old_tab.ask({{"type", "start"}})["runs"],
            json({{"pending", json::array()}, {"latest", json::array()}}));
  const std::string slow = "import time\ntime.sleep(2)\nprint('zero')\n";
  const std::int64_t first =
      queued_run(old_tab, {{"type", "run"}, {"question", 0}, {"code", slow}});
  const std::int64_t second =
      queued_run(old_tab, {{"type", "run"}, {"question", 0}, {"code", slow}, {"input", "custom"}});
  ASSERT_EQ(old_tab.ask({{"type", "save_code"}, {"question", 0}, {"code", "kept"}})["type"],
            "saved");

  WsClient new_tab(port());
  const json resumed = new_tab.ask({{"type", "hello"}, {"token", invited.token}});
  EXPECT_EQ(resumed["answers"][0]["code"], "kept");
  EXPECT_EQ(resumed["runs"]["pending"],
            json({{{"run", first}, {"question", 0}, {"mode", "samples"}},
                  {{"run", second}, {"question", 0}, {"mode", "custom"}}}))
      << resumed;
  EXPECT_EQ(old_tab.receive()["type"], "replaced");
  EXPECT_EQ(new_tab.ask({{"type", "run"}, {"question", 0}, {"code", slow}})["code"],
            "run_in_progress");
  // Whatever the old tab still sends is dropped.
  old_tab.send({{"type", "save_code"}, {"question", 0}, {"code", "stale tab"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const json again = new_tab.ask({{"type", "ping"}});
  EXPECT_EQ(again["type"], "pong");
  // The runs the old tab asked for are answered to the new one.
  EXPECT_EQ(new_tab.run_result(first)["mode"], "samples");
  const json custom = new_tab.run_result(second);
  EXPECT_EQ(custom["tests"][0]["output"], "zero\n") << custom;

  // A reload after the results came: nothing in flight, the latest result
  // of the question (the later run) is there to show.
  WsClient third(port());
  const json reloaded = third.ask({{"type", "hello"}, {"token", invited.token}});
  EXPECT_EQ(reloaded["answers"][0]["code"], "kept");
  EXPECT_EQ(reloaded["runs"]["pending"], json::array()) << reloaded["runs"];
  ASSERT_EQ(reloaded["runs"]["latest"].size(), 1u) << reloaded["runs"];
  EXPECT_EQ(reloaded["runs"]["latest"][0], custom);

  const json report =
      json::parse(call(port(), http::verb::get, "/api/attempts/" + invited.attempt, admin_).body());
  EXPECT_EQ(report["flags"]["connections_replaced"], 2) << report["events"];
  EXPECT_EQ(report["connection_gaps"].size(), 0u) << report["events"];
}

// A token reaches its own attempt and nothing else: another candidate of
// the same assessment sees none of the first one's work.
TEST_F(Grading, ATokenReachesOnlyItsOwnAttempt) {
  const Built built = build_assessment(port(), admin_);
  const Invited first = invite(port(), admin_, built.id, "First");
  const Invited second = invite(port(), admin_, built.id, "Second");
  WsClient one(port());
  one.ask({{"type", "hello"}, {"token", first.token}});
  one.ask({{"type", "start"}});
  ASSERT_EQ(one.ask({{"type", "save_code"}, {"question", 0}, {"code", "first's secret"}})["type"],
            "saved");
  WsClient two(port());
  const json welcome = two.ask({{"type", "hello"}, {"token", second.token}});
  EXPECT_EQ(welcome["status"], "invited");
  EXPECT_EQ(welcome["candidate_name"], "Second");
  const json started = two.ask({{"type", "start"}});
  EXPECT_EQ(started["answers"], json::array());
  EXPECT_EQ(started.dump().find("first's secret"), std::string::npos);
  // The first connection is untouched by the second's sign-in, and cannot
  // switch to the second attempt.
  EXPECT_EQ(one.ask({{"type", "ping"}})["type"], "pong");
  EXPECT_EQ(one.ask({{"type", "hello"}, {"token", second.token}})["code"], "already_signed_in");
}

TEST_F(Grading, ReportsAreForRecruitersOnly) {
  const Built built = build_assessment(port(), admin_);
  const Invited invited = invite(port(), admin_, built.id, "Private");
  const Response made = call(port(), http::verb::post, "/api/accounts", admin_,
                             {{"email", "author@example.com"}, {"name", "Au"}, {"role", "author"}});
  ASSERT_EQ(made.result_int(), 201) << made.body();
  const Staff author = sign_in(port(), "author@example.com", json::parse(made.body())["password"]);
  EXPECT_EQ(call(port(), http::verb::get, "/api/attempts/" + invited.attempt, author).result_int(),
            403);
  EXPECT_EQ(call(port(), http::verb::get, "/api/assessments/" + built.id + "/attempts.csv", author)
                .result_int(),
            403);
  EXPECT_EQ(call(port(), http::verb::get, "/api/assessments/" + built.id + "/results.json", author)
                .result_int(),
            403);
  EXPECT_EQ(request(port(), http::verb::get, "/api/attempts/" + invited.attempt).result_int(), 401);
  EXPECT_EQ(call(port(), http::verb::get, "/api/attempts/999999", admin_).result_int(), 404);
  // Only a submitted attempt can be regraded.
  EXPECT_EQ(call(port(), http::verb::post, "/api/attempts/" + invited.attempt + "/regrade", admin_)
                .result_int(),
            409);
}

// Ten runs a minute per attempt: the eleventh is refused with a reason, and
// the refusal is not counted as a run.
TEST_F(Grading, AnEleventhRunInAMinuteIsRateLimited) {
  const Built built = build_assessment(port(), admin_);
  const Invited invited = invite(port(), admin_, built.id, "Eager");
  WsClient ws(port());
  ws.ask({{"type", "hello"}, {"token", invited.token}});
  ws.ask({{"type", "start"}});
  for (int i = 0; i < 10; ++i) {
    const std::int64_t run = queued_run(
        ws, {{"type", "run"}, {"question", 0}, {"code", "print('zero')"}, {"input", "0\n"}});
    ASSERT_EQ(ws.run_result(run)["type"], "run_result") << i;
  }
  const json refused =
      ws.ask({{"type", "run"}, {"question", 0}, {"code", "print('zero')"}, {"input", "0\n"}});
  EXPECT_EQ(refused["code"], "rate_limited") << refused;
  EXPECT_NE(refused["message"].get<std::string>().find("10 runs a minute"), std::string::npos);
  const json report =
      json::parse(call(port(), http::verb::get, "/api/attempts/" + invited.attempt, admin_).body());
  EXPECT_EQ(report["questions"][0]["runs"], 10) << report["questions"][0];
}

// A full grading queue answers "busy" instead of growing, and takes runs
// again once it drains: one grader, room for two runs.
TEST(GradingQueue, AFullQueueAnswersBusyThenTakesRunsAgain) {
  ProctordProcess server("", {"--graders", "1", "--grading-queue", "2"});
  const Staff admin = sign_in(server.port(), "admin@localhost", server.admin_password());
  const Built built = build_assessment(server.port(), admin);
  const std::string slow = "import time\ntime.sleep(1)\nprint('zero')\n";
  WsClient first(server.port());
  first.ask({{"type", "hello"}, {"token", invite(server.port(), admin, built.id, "A").token}});
  first.ask({{"type", "start"}});
  const std::int64_t one =
      queued_run(first, {{"type", "run"}, {"question", 0}, {"code", slow}, {"input", "0\n"}});
  const std::int64_t two =
      queued_run(first, {{"type", "run"}, {"question", 0}, {"code", slow}, {"input", "0\n"}});

  WsClient second(server.port());
  second.ask({{"type", "hello"}, {"token", invite(server.port(), admin, built.id, "B").token}});
  second.ask({{"type", "start"}});
  const json busy = second.ask({{"type", "run"}, {"question", 0}, {"code", "print('zero')"}});
  EXPECT_EQ(busy["code"], "busy") << busy;
  const std::string metrics = request(server.port(), http::verb::get, "/metrics").body();
  EXPECT_NE(metrics.find("proctord_grading_refused_total 1\n"), std::string::npos) << metrics;

  EXPECT_EQ(first.run_result(one)["tests"][0]["output"], "zero\n");
  EXPECT_EQ(first.run_result(two)["tests"][0]["output"], "zero\n");
  const std::int64_t later =
      queued_run(second, {{"type", "run"}, {"question", 0}, {"code", "print('zero')"}});
  EXPECT_EQ(second.run_result(later)["type"], "run_result");
}

// A dropped connection is a gap in the report; with outage credit on, the
// time away is given back to the deadline on reconnect (within the cap).
TEST(ConnectionGaps, AreReportedAndCreditedBack) {
  ProctordProcess server("", {"--outage-credit-minutes", "1"});
  const Staff admin = sign_in(server.port(), "admin@localhost", server.admin_password());
  const Built built = build_assessment(server.port(), admin, 30);
  const Invited invited = invite(server.port(), admin, built.id, "Flaky");
  std::int64_t deadline = 0;
  {
    WsClient ws(server.port());
    ws.ask({{"type", "hello"}, {"token", invited.token}});
    deadline = ws.ask({{"type", "start"}})["deadline_at"];
    ws.ask({{"type", "ping"}});
  }  // the socket just goes away
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  WsClient again(server.port());
  const json resumed = again.ask({{"type", "hello"}, {"token", invited.token}});
  const std::int64_t credited = resumed["deadline_at"].get<std::int64_t>() - deadline;
  EXPECT_GE(credited, 2400);
  EXPECT_LE(credited, 4000);
  const json report = json::parse(
      call(server.port(), http::verb::get, "/api/attempts/" + invited.attempt, admin).body());
  ASSERT_EQ(report["connection_gaps"].size(), 1u) << report["events"];
  EXPECT_GE(report["connection_gaps"][0]["ms"].get<std::int64_t>(), 2400);
  bool logged = false;
  for (const json& e : report["events"]) logged = logged || e["kind"] == "time_credited";
  EXPECT_TRUE(logged);
}

// SIGKILL while a candidate autosaves: every save that was acknowledged is
// there after the restart, the deadline is the same, and an attempt whose
// deadline passed while the service was down is submitted and graded.
// A daemon killed while a candidate is connected: its restart records the
// connection as lost when the daemon was last alive, so the report shows
// the outage and the credit covers the time the service was down.
TEST(ConnectionGaps, ADaemonKilledWhileConnectedLeavesAGapDatedWhenItDied) {
  std::string dir = (fs::temp_directory_path() / "proctord-gap-XXXXXX").string();
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  Invited invited;
  std::int64_t deadline = 0;
  std::string password;
  {
    ProctordProcess first(dir, {"--outage-credit-minutes", "1"});
    password = first.admin_password();
    const Staff admin = sign_in(first.port(), "admin@localhost", password);
    invited = invite(first.port(), admin, build_assessment(first.port(), admin, 30).id, "Crash");
    WsClient ws(first.port());
    ws.ask({{"type", "hello"}, {"token", invited.token}});
    deadline = ws.ask({{"type", "start"}})["deadline_at"];
    first.kill();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));
  ProctordProcess second(dir, {"--outage-credit-minutes", "1"});
  const Staff admin = sign_in(second.port(), "admin@localhost", password);
  WsClient again(second.port());
  const json resumed = again.ask({{"type", "hello"}, {"token", invited.token}});
  // Down for 3 s at least, plus the restart (slow under a sanitizer), plus up
  // to 2 s by which the heartbeat's last beat preceded the kill.
  const std::int64_t credited = resumed["deadline_at"].get<std::int64_t>() - deadline;
  EXPECT_GE(credited, 3000);
  EXPECT_LE(credited, 30000);
  const json report = json::parse(
      call(second.port(), http::verb::get, "/api/attempts/" + invited.attempt, admin).body());
  ASSERT_EQ(report["connection_gaps"].size(), 1u) << report["events"];
  EXPECT_GE(report["connection_gaps"][0]["ms"].get<std::int64_t>(), 3000);
  bool marked = false;
  for (const json& e : report["events"]) {
    if (e.value("kind", "") == "disconnected")
      marked = e.dump().find("daemon_stopped") != std::string::npos;
  }
  EXPECT_TRUE(marked) << report["events"];
  second.stop();
  fs::remove_all(dir);
}

TEST(GradingRestart, NothingAcknowledgedIsLostAndOverdueAttemptsAreGraded) {
  std::string dir = (fs::temp_directory_path() / "proctord-kill-XXXXXX").string();
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  Invited steady;
  Invited overdue;
  std::int64_t deadline = 0;
  int last_acknowledged = -1;
  int last_sent = -1;
  std::string admin_password;
  {
    ProctordProcess first(dir);
    admin_password = first.admin_password();
    const Staff admin = sign_in(first.port(), "admin@localhost", admin_password);
    const Built long_one = build_assessment(first.port(), admin, 30);
    const Built short_one = build_assessment(first.port(), admin, 0.05);
    steady = invite(first.port(), admin, long_one.id, "Steady");
    overdue = invite(first.port(), admin, short_one.id, "Overdue");
    WsClient late(first.port());
    late.ask({{"type", "hello"}, {"token", overdue.token}});
    ASSERT_EQ(late.ask({{"type", "start"}})["type"], "started");
    const std::string accepted = submission("number-sign", "accepted", "with_decimal.py");
    ASSERT_EQ(late.ask({{"type", "save_code"}, {"question", 0}, {"code", accepted}})["type"],
              "saved");

    WsClient ws(first.port());
    ws.ask({{"type", "hello"}, {"token", steady.token}});
    const json started = ws.ask({{"type", "start"}});
    deadline = started["deadline_at"];
    // Autosaves as fast as the rate limit allows, and a kill in the middle.
    std::thread killer([&first] {
      std::this_thread::sleep_for(std::chrono::milliseconds(700));
      first.kill();
    });
    for (int i = 0; i < 200; ++i) {
      const std::string code = "print(" + std::to_string(i) + ")\n";
      ws.send({{"type", "save_code"}, {"question", 0}, {"code", code}});
      last_sent = i;
      const json reply = ws.receive(2000);
      if (reply["type"] == "saved") last_acknowledged = i;
      if (reply["type"] == "closed" || reply["type"] == "timeout") break;
      if (reply["type"] == "error" && reply["code"] == "rate_limited") {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    killer.join();
  }
  ASSERT_GE(last_acknowledged, 0);
  // Down long enough for the short attempt's deadline to pass.
  std::this_thread::sleep_for(std::chrono::seconds(3));

  ProctordProcess second(dir);
  WsClient ws(second.port());
  const json resumed = ws.ask({{"type", "hello"}, {"token", steady.token}});
  EXPECT_EQ(resumed["status"], "started");
  EXPECT_EQ(resumed["deadline_at"], deadline);
  // The last acknowledged save is there, or a later one: the kill may have
  // come between a save's commit and its reply, and a reply read while the
  // server pushed something else arrives one save late. Never an earlier
  // save, and never one that was not sent.
  const std::string kept = resumed["answers"][0]["code"];
  const int kept_number = std::stoi(kept.substr(6));
  EXPECT_EQ(kept, "print(" + std::to_string(kept_number) + ")\n");
  EXPECT_GE(kept_number, last_acknowledged) << kept;
  EXPECT_LE(kept_number, last_sent) << kept;

  const Staff admin = sign_in(second.port(), "admin@localhost", admin_password);
  const json report = graded_report(second.port(), admin, overdue.attempt);
  EXPECT_EQ(report["status"], "submitted");
  EXPECT_DOUBLE_EQ(report["questions"][0]["score"].get<double>(), 40);
  second.stop();
  std::error_code ignored;
  fs::remove_all(dir, ignored);
}

}  // namespace
}  // namespace proctord_test
