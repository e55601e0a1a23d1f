// Several daemons and grader processes over one PostgreSQL, on loopback:
// runs and final grades go through the job board to the graders; a
// candidate moves between daemons; a grader and a daemon are killed with
// SIGKILL in the middle of the work; a job that keeps killing its graders
// ends as INTERNAL_ERROR. Scores are compared with what one proctord on
// SQLite gives for the same answers.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "../test_files.hpp"
#include "postgres_server.hpp"
#include "proctord_process.hpp"
#include "staff_calls.hpp"
#include "ws_client.hpp"

namespace proctord_test {
namespace {

// The test's own look into the database, beside the daemons.
class Sql {
 public:
  explicit Sql(const std::string& url) : connection_(PQconnectdb(url.c_str())) {
    if (PQstatus(connection_) != CONNECTION_OK) {
      throw std::runtime_error(PQerrorMessage(connection_));
    }
  }
  ~Sql() { PQfinish(connection_); }
  Sql(const Sql&) = delete;
  Sql& operator=(const Sql&) = delete;

  // The rows of a query, each a list of texts.
  std::vector<std::vector<std::string>> rows(const std::string& sql) {
    PGresult* result = PQexec(connection_, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      const std::string message = PQresultErrorMessage(result);
      PQclear(result);
      throw std::runtime_error(message);
    }
    std::vector<std::vector<std::string>> all;
    for (int r = 0; r < PQntuples(result); ++r) {
      std::vector<std::string> row;
      for (int c = 0; c < PQnfields(result); ++c) row.emplace_back(PQgetvalue(result, r, c));
      all.push_back(std::move(row));
    }
    PQclear(result);
    return all;
  }
  std::string value(const std::string& sql) {
    const auto all = rows(sql);
    return all.empty() || all[0].empty() ? "" : all[0][0];
  }

 private:
  PGconn* connection_;
};

// number-sign (stdio, 40 points), gcd (function, 30) and one MCQ (10).
struct Built {
  std::string id;
  std::string mcq;
  int key = 0;
};

Built build_assessment(unsigned short port, const Staff& who, double minutes = 30) {
  Built built;
  const json bank = json::parse(call(port, http::verb::get, "/api/bank", who).body());
  for (const json& set : bank["mcq_sets"]) {
    for (const json& q : set["questions"]) {
      if (q["multiple"].get<bool>() || !built.mcq.empty()) continue;
      built.mcq = set["id"].get<std::string>() + "/" + q["id"].get<std::string>();
      for (std::size_t i = 0; i < q["options"].size(); ++i) {
        if (q["options"][i]["correct"]) built.key = static_cast<int>(i);
      }
    }
  }
  const json spec = {{"title", "Cluster screen"},
                     {"duration_minutes", minutes},
                     {"pass_mark", 60},
                     {"items",
                      {{{"problem", "number-sign"}, {"points", 40}},
                       {{"problem", "gcd"}, {"points", 30}},
                       {{"mcq", built.mcq}, {"points", 10}}}}};
  const Response made = call(port, http::verb::post, "/api/assessments", who, spec);
  EXPECT_EQ(made.result_int(), 201) << made.body();
  built.id = std::to_string(json::parse(made.body())["id"].get<int>());
  return built;
}

std::vector<double> question_scores(const json& report) {
  std::vector<double> scores;
  for (const json& q : report["questions"]) scores.push_back(q["score"].get<double>());
  return scores;
}

// What a candidate gives, by the candidate's number: the four mixes of a
// right or wrong program for each problem, and the MCQ right on even ones.
struct Answers {
  std::string number_sign, gcd;
  bool mcq_right = false;
};

Answers answers_for(int candidate) {
  Answers given;
  given.number_sign = candidate % 2 == 0
                          ? submission("number-sign", "accepted", "by_digits.py")
                          : submission("number-sign", "wrong_answer", "minus_means_negative.py");
  given.gcd = (candidate / 2) % 2 == 0 ? submission("gcd", "accepted", "euclid.py")
                                       : submission("gcd", "wrong_answer", "no_abs.py");
  given.mcq_right = candidate % 2 == 0;
  return given;
}

// Saves the answers; true when every save was acknowledged.
bool give(WsClient& ws, const Built& built, const Answers& given) {
  const int choice = given.mcq_right ? built.key : (built.key + 1) % 2;
  return ws.ask({{"type", "save_code"}, {"question", 0}, {"code", given.number_sign}})["type"] ==
             "saved" &&
         ws.ask({{"type", "save_code"}, {"question", 1}, {"code", given.gcd}})["type"] == "saved" &&
         ws.ask({{"type", "save_answer"}, {"question", 2}, {"choices", {choice}}})["type"] ==
             "saved";
}

// One proctord on SQLite, grading in its own process: the reference.
class SingleMachine {
 public:
  SingleMachine() : admin_(sign_in(daemon_.port(), "admin@localhost", daemon_.admin_password())) {
    built_ = build_assessment(daemon_.port(), admin_);
  }

  std::vector<double> scores(int candidate) {
    const auto cached = scores_.find(candidate);
    if (cached != scores_.end()) return cached->second;
    const Invited invited = invite(daemon_.port(), admin_, built_.id, "Reference");
    WsClient ws(daemon_.port());
    ws.ask({{"type", "hello"}, {"token", invited.token}});
    ws.ask({{"type", "start"}});
    EXPECT_TRUE(give(ws, built_, answers_for(candidate)));
    EXPECT_EQ(ws.ask({{"type", "finish"}})["type"], "finished");
    return scores_[candidate] =
               question_scores(graded_report(daemon_.port(), admin_, invited.attempt));
  }

 private:
  ProctordProcess daemon_;
  Staff admin_;
  Built built_;
  std::map<int, std::vector<double>> scores_;
};

class Cluster : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { reference_ = new SingleMachine(); }
  static void TearDownTestSuite() { delete reference_; }

  void SetUp() override {
    url_ = shared_postgres().create_database();
    a_ = start_daemon();
    b_ = start_daemon();
    admin_ = sign_in(a_->port(), "admin@localhost", first_password_);
    built_ = build_assessment(a_->port(), admin_);
  }

  std::unique_ptr<ProctordProcess> start_daemon() {
    auto daemon = std::make_unique<ProctordProcess>(
        "", std::vector<std::string>{"--store", url_, "--grading", "remote"});
    if (!daemon->admin_password().empty()) first_password_ = daemon->admin_password();
    return daemon;
  }

  static SingleMachine* reference_;
  std::string url_;
  std::string first_password_;
  std::unique_ptr<ProctordProcess> a_, b_;
  Staff admin_;
  Built built_;
};
SingleMachine* Cluster::reference_ = nullptr;

TEST_F(Cluster, RunsAndGradesGoThroughTheGradersWhereverTheCandidateIs) {
  // This grader has no bank of its own: it grades the versions the
  // assessment pinned, from the database.
  const test_files::TempDir no_bank;
  GraderProcess grader(url_, no_bank.path().string());
  const Invited invited = invite(a_->port(), admin_, built_.id, "Roaming");
  json deadline;
  {
    WsClient on_a(a_->port());
    ASSERT_EQ(on_a.ask({{"type", "hello"}, {"token", invited.token}})["type"], "welcome");
    const json started = on_a.ask({{"type", "start"}});
    ASSERT_EQ(started["type"], "started") << started;
    deadline = started["deadline_at"];
    const std::string failing =
        submission("number-sign", "wrong_answer", "minus_means_negative.py");
    const json queued = on_a.ask({{"type", "run"}, {"question", 0}, {"code", failing}});
    ASSERT_EQ(queued["type"], "run_queued") << queued;
    const json result = on_a.run_result(queued["run"].get<std::int64_t>());
    ASSERT_EQ(result["type"], "run_result") << result;
    ASSERT_EQ(result["tests"].size(), 2u) << result;
    EXPECT_EQ(result["tests"][0]["verdict"], "ACCEPTED");
    EXPECT_EQ(result["tests"][1]["verdict"], "WRONG_ANSWER");
    EXPECT_EQ(result["tests"][1]["expected"], "zero\n");
    const json custom =
        on_a.ask({{"type", "run"}, {"question", 0}, {"code", failing}, {"input", "-7\n"}});
    ASSERT_EQ(custom["type"], "run_queued") << custom;
    const json custom_result = on_a.run_result(custom["run"].get<std::int64_t>());
    ASSERT_EQ(custom_result["tests"].size(), 1u) << custom_result;
    EXPECT_EQ(custom_result["tests"][0]["output"], "negative\n");
    ASSERT_TRUE(give(on_a, built_, answers_for(1)));
  }
  // The same attempt on the other daemon: the same deadline and answers.
  WsClient on_b(b_->port());
  const json resumed = on_b.ask({{"type", "hello"}, {"token", invited.token}});
  ASSERT_EQ(resumed["type"], "welcome") << resumed;
  EXPECT_EQ(resumed["deadline_at"], deadline);
  EXPECT_EQ(resumed["answers"][1]["code"], answers_for(1).gcd);
  ASSERT_EQ(on_b.ask({{"type", "finish"}})["type"], "finished");
  // A recruiter signed in on one daemon reads the report on the other.
  const json report = graded_report(b_->port(), admin_, invited.attempt);
  EXPECT_EQ(question_scores(report), reference_->scores(1)) << report["questions"];

  Sql sql(url_);
  EXPECT_EQ(sql.value("SELECT count(*) FROM grading_jobs WHERE kind = 'run' AND state = 'done'"),
            "2");
  EXPECT_EQ(sql.value("SELECT count(*) FROM grading_jobs WHERE kind = 'grade' AND state = 'done'"),
            "1");
  EXPECT_EQ(sql.value("SELECT count(DISTINCT lease_owner) FROM grading_jobs"), "1");
  EXPECT_EQ(sql.value("SELECT lease_owner FROM grading_jobs LIMIT 1"), grader.owner());
}

TEST_F(Cluster, AKilledGraderAndAKilledDaemonLoseNothing) {
  auto first = std::make_unique<GraderProcess>(url_);
  GraderProcess second(url_);
  constexpr int kCandidates = 4;
  std::vector<Invited> invited;
  for (int i = 0; i < kCandidates; ++i) {
    invited.push_back(invite(a_->port(), admin_, built_.id, "Candidate " + std::to_string(i)));
  }
  // Even candidates on daemon A, odd ones on daemon B.
  auto daemon_of = [&](int i) { return i % 2 == 0 ? a_->port() : b_->port(); };
  std::vector<std::unique_ptr<WsClient>> clients;
  for (int i = 0; i < kCandidates; ++i) {
    clients.push_back(std::make_unique<WsClient>(daemon_of(i)));
    ASSERT_EQ(clients.back()->ask({{"type", "hello"}, {"token", invited[i].token}})["type"],
              "welcome");
    ASSERT_EQ(clients.back()->ask({{"type", "start"}})["type"], "started");
  }

  // Autosaves on daemon B, which is killed in the middle of them: what it
  // acknowledged is kept; nothing later than what was sent appears.
  std::map<int, std::pair<int, int>> acknowledged_and_sent;  // candidate: last acked, last sent
  for (int round = 1; round <= 40; ++round) {
    for (int i = 1; i < kCandidates; i += 2) {
      if (round == 25 && i == 1) b_->kill();
      auto& [acked, sent] = acknowledged_and_sent[i];
      try {
        clients[i]->send(json{{"type", "save_code"},
                              {"question", 0},
                              {"code", "# autosave " + std::to_string(round) + "\n"}});
      } catch (const std::exception&) {
        continue;  // the daemon is gone: nothing was sent
      }
      sent = round;
      if (clients[i]->receive(2000)["type"] == "saved") acked = round;
    }
  }
  b_ = start_daemon();
  for (int i = 1; i < kCandidates; i += 2) {
    clients[i] = std::make_unique<WsClient>(b_->port());
    const json resumed = clients[i]->ask({{"type", "hello"}, {"token", invited[i].token}});
    ASSERT_EQ(resumed["type"], "welcome") << resumed;
    const auto [acked, sent] = acknowledged_and_sent[i];
    ASSERT_GE(acked, 20) << "daemon B acknowledged too little before it was killed";
    const std::string kept = resumed["answers"][0]["code"];
    const int version = std::stoi(kept.substr(std::string("# autosave ").size()));
    EXPECT_GE(version, acked) << kept;
    EXPECT_LE(version, sent) << kept;
  }

  // A slow sample run for every candidate, and grader `first` killed while
  // it holds one of them: another grader runs it, once.
  std::vector<std::int64_t> runs(kCandidates);
  const std::string slow = "import time\ntime.sleep(1.5)\nprint('zero')\n";
  for (int i = 0; i < kCandidates; ++i) {
    const json queued = clients[i]->ask({{"type", "run"}, {"question", 0}, {"code", slow}});
    ASSERT_EQ(queued["type"], "run_queued") << queued;
    runs[i] = queued["run"].get<std::int64_t>();
  }
  Sql sql(url_);
  const std::string holds_a_run =
      "SELECT count(*) FROM grading_jobs WHERE state = 'running' AND "
      "lease_owner = '" +
      first->owner() + "'";
  for (int i = 0; i < 100 && sql.value(holds_a_run) == "0"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_NE(sql.value(holds_a_run), "0") << "the first grader never took a run";
  first->kill();
  for (int i = 0; i < kCandidates; ++i) {
    const json result = clients[i]->run_result(runs[i], 60000);
    ASSERT_EQ(result["type"], "run_result") << result;
    ASSERT_EQ(result["tests"].size(), 2u) << result;
    EXPECT_EQ(result["tests"][1]["verdict"], "ACCEPTED") << result;  // "-0" is zero
  }
  EXPECT_NE(sql.value("SELECT count(*) FROM grading_jobs WHERE kind = 'run' AND tries > 1"), "0")
      << "the killed grader's runs were taken over";

  // Final answers, and the same again killed mid-grading: a fresh grader
  // and the survivor share the work.
  for (int i = 0; i < kCandidates; ++i) ASSERT_TRUE(give(*clients[i], built_, answers_for(i)));
  first = std::make_unique<GraderProcess>(url_);
  for (int i = 0; i < kCandidates; ++i) {
    ASSERT_EQ(clients[i]->ask({{"type", "finish"}})["type"], "finished");
  }
  const std::string holds_a_grade =
      "SELECT count(*) FROM grading_jobs WHERE kind = 'grade' AND "
      "state = 'running' AND lease_owner = '" +
      first->owner() + "'";
  for (int i = 0; i < 200 && sql.value(holds_a_grade) == "0"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  const bool killed_mid_grade = sql.value(holds_a_grade) != "0";
  first->kill();
  std::cout << (killed_mid_grade ? "killed a grader while it held a grade job\n"
                                 : "the grader held no grade job when killed\n");
  for (int i = 0; i < kCandidates; ++i) {
    const json report =
        graded_report(i % 2 == 0 ? a_->port() : b_->port(), admin_, invited[i].attempt);
    EXPECT_EQ(question_scores(report), reference_->scores(i)) << "candidate " << i;
  }

  // Every job ended, each with one result; every attempt graded once.
  EXPECT_EQ(sql.value("SELECT count(*) FROM grading_jobs WHERE state IN ('queued', 'running')"),
            "0");
  EXPECT_EQ(sql.value("SELECT count(*) FROM grading_jobs WHERE kind = 'run' AND state = 'done' "
                      "AND result LIKE '[{%'"),
            std::to_string(kCandidates));
  EXPECT_EQ(sql.value("SELECT count(*) FROM grading_jobs WHERE kind = 'grade' AND state = 'done'"),
            std::to_string(kCandidates));
  EXPECT_EQ(sql.value("SELECT count(DISTINCT attempt) FROM grading_jobs WHERE kind = 'grade'"),
            std::to_string(kCandidates));
  EXPECT_EQ(sql.value("SELECT count(*) FROM grades"), std::to_string(3 * kCandidates));
  if (killed_mid_grade) {
    EXPECT_NE(sql.value("SELECT count(*) FROM grading_jobs WHERE kind = 'grade' AND tries > 1"),
              "0");
  }
}

// A new tab on another daemon takes the attempt over as on one daemon: the
// old tab is told and closed, and what it still sends changes nothing.
TEST_F(Cluster, ANewTabOnAnotherDaemonClosesTheOldOne) {
  const Invited invited = invite(a_->port(), admin_, built_.id, "Two tabs");
  WsClient old_tab(a_->port());
  old_tab.ask({{"type", "hello"}, {"token", invited.token}});
  ASSERT_EQ(old_tab.ask({{"type", "start"}})["type"], "started");
  ASSERT_EQ(old_tab.ask({{"type", "save_code"}, {"question", 0}, {"code", "kept"}})["type"],
            "saved");

  WsClient new_tab(b_->port());
  const json resumed = new_tab.ask({{"type", "hello"}, {"token", invited.token}});
  EXPECT_EQ(resumed["answers"][0]["code"], "kept");
  json told = old_tab.receive(5000);
  while (told["type"] == "time" || told["type"] == "warning") told = old_tab.receive(5000);
  EXPECT_EQ(told["type"], "replaced") << told;
  try {
    old_tab.send(json{{"type", "save_code"}, {"question", 0}, {"code", "stale tab"}});
  } catch (const std::exception&) {
    // Already closed: nothing was sent.
  }
  EXPECT_EQ(new_tab.ask({{"type", "ping"}})["type"], "pong");
  WsClient third(b_->port());
  EXPECT_EQ(third.ask({{"type", "hello"}, {"token", invited.token}})["answers"][0]["code"], "kept");
  const json report = json::parse(
      call(a_->port(), http::verb::get, "/api/attempts/" + invited.attempt, admin_).body());
  EXPECT_EQ(report["flags"]["connections_replaced"], 2) << report["events"];
}

// A run asked for on one daemon is answered on the daemon the candidate has
// moved to since: the result is relayed through the database, pushed to the
// new connection, and there again after a reload.
TEST_F(Cluster, ARunsResultFollowsTheCandidateToAnotherDaemon) {
  GraderProcess grader(url_);
  const Invited invited = invite(a_->port(), admin_, built_.id, "Mover");
  WsClient on_a(a_->port());
  on_a.ask({{"type", "hello"}, {"token", invited.token}});
  ASSERT_EQ(on_a.ask({{"type", "start"}})["type"], "started");
  const json queued = on_a.ask({{"type", "run"},
                                {"question", 0},
                                {"code", "import time\ntime.sleep(2)\nprint('zero')\n"},
                                {"input", "0\n"}});
  ASSERT_EQ(queued["type"], "run_queued") << queued;
  const std::int64_t run = queued["run"];

  WsClient on_b(b_->port());
  ASSERT_EQ(on_b.ask({{"type", "hello"}, {"token", invited.token}})["type"], "welcome");
  const json result = on_b.run_result(run, 60000);
  ASSERT_EQ(result["type"], "run_result") << result;
  EXPECT_EQ(result["mode"], "custom");
  EXPECT_EQ(result["tests"][0]["output"], "zero\n") << result;

  WsClient reloaded(b_->port());
  const json again = reloaded.ask({{"type", "hello"}, {"token", invited.token}});
  ASSERT_EQ(again["runs"]["latest"].size(), 1u) << again["runs"];
  EXPECT_EQ(again["runs"]["latest"][0]["run"], run);
}

// Every daemon sweeps for attempts past their deadline, and the connected
// candidate's own session watches it too: the attempt is submitted once,
// by whichever gets there first, and graded once.
TEST_F(Cluster, ADeadlineIsEnforcedOnceWhateverTheNumberOfDaemons) {
  GraderProcess grader(url_);
  const Built short_one = build_assessment(a_->port(), admin_, 0.05);  // three seconds
  std::vector<Invited> invited;
  std::vector<std::unique_ptr<WsClient>> clients;
  for (int i = 0; i < 4; ++i) {
    invited.push_back(invite(a_->port(), admin_, short_one.id, "Timed " + std::to_string(i)));
    // Two candidates stay connected, one to each daemon; two leave.
    clients.push_back(std::make_unique<WsClient>(i % 2 == 0 ? a_->port() : b_->port()));
    clients.back()->ask({{"type", "hello"}, {"token", invited.back().token}});
    ASSERT_EQ(clients.back()->ask({{"type", "start"}})["type"], "started");
    ASSERT_TRUE(give(*clients.back(), short_one, answers_for(i)));
  }
  clients.resize(2);
  Sql sql(url_);
  for (int i = 0; i < 4; ++i) {
    const json report = graded_report(b_->port(), admin_, invited[i].attempt);
    EXPECT_EQ(report["status"], "submitted") << report;
    int deadlines = 0;
    for (const json& event : report["events"]) deadlines += event["kind"] == "deadline" ? 1 : 0;
    EXPECT_EQ(deadlines, 1) << report["events"];
    EXPECT_EQ(question_scores(report), reference_->scores(i)) << "candidate " << i;
    EXPECT_EQ(sql.value("SELECT count(*) FROM grading_jobs WHERE kind = 'grade' AND attempt = " +
                        invited[i].attempt),
              "1");
  }
}

// A job whose every claim ended with its grader dead: past the bounded
// number of tries it is failed as INTERNAL_ERROR, never blamed on the
// candidate.
TEST_F(Cluster, AJobThatKeepsKillingGradersEndsAsInternalError) {
  const Invited invited = invite(a_->port(), admin_, built_.id, "Unlucky");
  WsClient ws(a_->port());
  ws.ask({{"type", "hello"}, {"token", invited.token}});
  ws.ask({{"type", "start"}});
  ASSERT_TRUE(give(ws, built_, answers_for(0)));
  const json queued = ws.ask({{"type", "run"}, {"question", 0}, {"code", "print('zero')"}});
  ASSERT_EQ(queued["type"], "run_queued") << queued;
  // No grader runs yet. The run, then the attempt's grade job, are made to
  // look as if three graders died holding them.
  Sql sql(url_);
  const std::string as_if_three_died =
      "UPDATE grading_jobs SET state = 'running', tries = 3, lease_owner = 'gone', "
      "lease_until = 1 WHERE state = 'queued'";
  for (int i = 0; i < 100 && sql.value("SELECT count(*) FROM grading_jobs") == "0"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  sql.rows(as_if_three_died);
  ASSERT_EQ(ws.ask({{"type", "finish"}})["type"], "finished");
  sql.rows("INSERT INTO grading_jobs (kind, attempt, state, posted_at) VALUES ('grade', " +
           invited.attempt + ", 'queued', 0)");
  sql.rows(as_if_three_died);

  GraderProcess grader(url_);
  const json report = graded_report(a_->port(), admin_, invited.attempt);
  ASSERT_EQ(report["questions"].size(), 3u) << report;
  for (int coding = 0; coding < 2; ++coding) {
    const json& question = report["questions"][coding];
    EXPECT_EQ(question["score"], 0) << question;
    EXPECT_EQ(question["internal_errors"], 1) << question;
  }
  EXPECT_EQ(report["questions"][2]["score"], 10) << "the MCQ is still scored";
  EXPECT_EQ(report["flags"]["internal_errors"], 2) << report["flags"];
  EXPECT_EQ(sql.value("SELECT state FROM grading_jobs WHERE kind = 'run'"), "failed");
  EXPECT_NE(sql.value("SELECT result FROM grading_jobs WHERE kind = 'run'").find("INTERNAL_ERROR"),
            std::string::npos);
}

}  // namespace
}  // namespace proctord_test
