// grading-bench: remote grading measured, on loopback only. It starts a
// PostgreSQL 15 of its own (durable: fsync on, as in production; with
// pg_stat_statements), proctord daemons and `proctord --role grader`
// processes, and prints:
//
//   1. graded test runs a second with one grader process and with two, each
//      with one sandbox worker and with one per core: N run jobs posted as
//      rows of grading_jobs, claimed through the graders' own claim path;
//      and what the database saw per job (statements, transactions);
//   2. a candidate's sample run, WebSocket `run` to `run_result`, on one
//      proctord over SQLite grading in its own process and on a daemon with
//      --grading remote and one grader: the latency remote grading adds;
//   3. the board's statements alone (no sandbox) against this PostgreSQL:
//      commits a second with and without NOTIFY, post-claim-finish cycles a
//      second, and a backlog drained by claims, to see where it saturates.
//
// Then it stops everything it started and removes its folders. It prints
// figures; nothing here is a test. `grading-bench --help` lists the options.
#include <libpq-fe.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "bench_main.hpp"
#include "postgres_server.hpp"
#include "proctord/job_board.hpp"
#include "proctord/store.hpp"
#include "proctord_process.hpp"
#include "ws_client.hpp"

namespace {

using bench::g_interrupted;
using bench::parse_bounded;
using bench::throw_if_interrupted;

namespace fs = std::filesystem;
namespace http = boost::beast::http;
using nlohmann::json;
using proctord_test::PostgresOptions;
using proctord_test::PostgresServer;
using proctord_test::ProctordProcess;
using proctord_test::Staff;
using proctord_test::WsClient;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char* kProblem = "number-sign";             // stdio, two sample tests
constexpr const char* kSolution = "accepted/by_digits.py";  // passes them
constexpr int kLeaseSeconds = 30;                           // proctord's default
constexpr int kRunsPerAttempt = 8;            // an attempt may ask for 10 runs a minute
constexpr int kWarmUpRuns = 2;                // per setting, not counted
constexpr auto kSettle = milliseconds(2000);  // graders' start-up queries end
// A backend's counts reach pg_stat_database at most 10 s after its last
// statement (PostgreSQL 15's PGSTAT_IDLE_INTERVAL): graders' start-up
// transactions are counted before the throughput window opens.
constexpr auto kStartUpCounted = milliseconds(6500);
constexpr auto kIdleWindow = milliseconds(5000);  // graders with nothing to do
constexpr auto kPoll = milliseconds(200);
constexpr int kRunTimeoutMs = 30000;
constexpr auto kBoardWindow = milliseconds(4000);  // each board-only measurement
constexpr int kBacklog = 1000;                     // rows drained by claims
constexpr int kFinishedAnHour = 100000;            // finished runs kept ahead of them
constexpr auto kDrainWindow = milliseconds(20000);

// The database's clock in milliseconds, as the board writes it.
#define NOW_MS "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT"

// Our own statements carry this, so that they are left out of the counts.
#define OURS "/*grading-bench*/"

// ------------------------------------------------------------------ options

struct Options {
  int jobs = 200;
  int samples = 30;
};

constexpr const char* kUsage =
    "usage: grading-bench [--jobs N] [--samples N]\n"
    "\n"
    "Starts its own PostgreSQL 15 (fsync on) on 127.0.0.1, proctord daemons and graders,\n"
    "and prints: graded test runs a second for N run jobs of number-sign's samples\n"
    "(default 200, at most 2000) with 1 and 2 grader processes of 1 sandbox worker and\n"
    "of one per core, with the statements and transactions the database saw per job;\n"
    "the median and p90 of a candidate's sample run over N runs (default 30, at most\n"
    "300) on one proctord over SQLite and through PostgreSQL and a grader; and the\n"
    "rates this PostgreSQL sustains for the board's statements alone. Takes a few\n"
    "minutes; run it on an otherwise idle machine. Then stops everything it started.\n";

std::optional<Options> parse_options(const std::vector<std::string>& args) {
  Options options;
  for (std::size_t i = 0; i < args.size(); i += 2) {
    const std::string& name = args[i];
    int* field = name == "--jobs"      ? &options.jobs
                 : name == "--samples" ? &options.samples
                                       : nullptr;
    const int high = name == "--jobs" ? 2000 : 300;
    if (field == nullptr) {
      std::cerr << "grading-bench: unknown option " << name << "\n" << kUsage;
      return std::nullopt;
    }
    const std::optional<int> value =
        i + 1 < args.size() ? parse_bounded(args[i + 1], 1, high) : std::nullopt;
    if (!value) {
      std::cerr << "grading-bench: " << name << " wants a whole number from 1 to " << high << "\n";
      return std::nullopt;
    }
    *field = *value;
  }
  return options;
}

void pause_for(milliseconds how_long) {
  const auto end = Clock::now() + how_long;
  while (Clock::now() < end) {
    throw_if_interrupted();
    std::this_thread::sleep_for(std::min<Clock::duration>(milliseconds(50), end - Clock::now()));
  }
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// ---------------------------------------------------------------- figures

// Nearest rank: the smallest value with at least `fraction` of them at or below.
double percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  std::size_t rank =
      static_cast<std::size_t>(fraction * static_cast<double>(values.size()) + 0.999999);
  rank = std::clamp<std::size_t>(rank, 1, values.size());
  return values[rank - 1];
}

std::string fixed(double value, int decimals) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(decimals) << value;
  return text.str();
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// -------------------------------------------------------------------- SQL

// One connection of our own, beside the daemons and graders.
class Sql {
 public:
  using Rows = std::vector<std::vector<std::string>>;

  explicit Sql(const std::string& url) : connection_(PQconnectdb(url.c_str())) {
    if (PQstatus(connection_) != CONNECTION_OK) {
      const std::string message = PQerrorMessage(connection_);
      PQfinish(connection_);
      throw std::runtime_error("cannot connect to PostgreSQL: " + message);
    }
  }
  ~Sql() { PQfinish(connection_); }
  Sql(const Sql&) = delete;
  Sql& operator=(const Sql&) = delete;

  // One statement (a transaction of its own); its rows as texts.
  Rows rows(const std::string& sql, const std::vector<std::string>& params = {}) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const std::string& param : params) values.push_back(param.c_str());
    PGresult* result = PQexecParams(connection_, sql.c_str(), static_cast<int>(values.size()),
                                    nullptr, values.data(), nullptr, nullptr, 0);
    ++statements_;
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      const std::string message = PQresultErrorMessage(result);
      PQclear(result);
      throw std::runtime_error("SQL failed: " + message + "  in: " + sql.substr(0, 200));
    }
    Rows all;
    for (int r = 0; r < PQntuples(result); ++r) {
      std::vector<std::string> row;
      row.reserve(static_cast<std::size_t>(PQnfields(result)));
      for (int c = 0; c < PQnfields(result); ++c) row.emplace_back(PQgetvalue(result, r, c));
      all.push_back(std::move(row));
    }
    PQclear(result);
    return all;
  }
  std::string value(const std::string& sql, const std::vector<std::string>& params = {}) {
    const Rows all = rows(sql, params);
    return all.empty() || all[0].empty() ? "" : all[0][0];
  }
  double number(const std::string& sql, const std::vector<std::string>& params = {}) {
    const std::string text = value(sql, params);
    return text.empty() ? 0 : std::stod(text);
  }
  // Statements run on this connection so far, each one transaction.
  [[nodiscard]] long long statements() const { return statements_; }

 private:
  PGconn* connection_;
  long long statements_ = 0;
};

double committed_transactions(const std::string& url) {
  Sql sql(url);
  return sql.number("SELECT " OURS
                    " xact_commit FROM pg_stat_database WHERE datname = current_database()");
}

constexpr const char* kClaim = "claim, run or grade (UPDATE ... SKIP LOCKED)";

// The board's statements by what they do, as pg_stat_statements spells them
// (constants replaced by $n).
std::string statement_name(const std::string& query) {
  static const std::pair<const char*, const char*> kKnown[] = {
      {"FOR UPDATE SKIP LOCKED", kClaim},
      {"SET lease_until", "renew (UPDATE lease_until)"},
      {"result = $2", "finish (UPDATE ... AND lease_owner = me)"},
      {"pg_notify", "SELECT pg_notify"},
      {"INSERT INTO grading_jobs (kind, attempt, version", "post a run (INSERT)"},
      {"INSERT INTO grading_jobs (kind, attempt, state", "post_grades (INSERT ... SELECT)"},
      {"SELECT id, state, result FROM grading_jobs", "finished_runs (SELECT results)"},
      {"posted_at <", "expire_queued_runs (UPDATE)"},
      {"kind = $2 AND attempt = $1", "cancel_queued_runs (UPDATE)"},
      {"DELETE FROM grading_jobs", "forget_runs (DELETE)"},
      {"SET lease_owner", "abandon (UPDATE)"},
      {"INSERT INTO answers (invitation_id, position, code", "save the code (answers)"},
      {"INSERT INTO answers (invitation_id, position, runs", "count the run (answers.runs)"},
      {"INSERT INTO code_history", "keep the code's history"},
      {"UPDATE invitations SET graded_at = $", "regrade if submitted (UPDATE, no row)"},
      {"deadline_at <=", "overdue_attempts (deadline sweep, SELECT)"},
      {"SELECT id, assessment_id, candidate_name", "find_invitation (SELECT)"},
      {"INSERT INTO events", "record an event"},
  };
  for (const auto& [fragment, name] : kKnown) {
    if (query.find(fragment) != std::string::npos) return name;
  }
  std::string flat;
  for (const char c : query) {
    if (std::isspace(static_cast<unsigned char>(c)) == 0) {
      flat += c;
    } else if (!flat.empty() && flat.back() != ' ') {
      flat += ' ';
    }
  }
  return flat.size() > 60 ? flat.substr(0, 57) + "..." : flat;
}

struct Statement {
  long long calls = 0;
  double total_ms = 0;
};
using Statements = std::map<std::string, Statement>;

// What every connection but ours ran since the last reset, by name.
Statements statements(Sql& sql) {
  Statements by_name;
  const Sql::Rows rows =
      sql.rows("SELECT " OURS
               " s.query, s.calls, s.total_exec_time FROM pg_stat_statements s "
               "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database() "
               "AND s.query NOT LIKE '%grading-bench%'");
  for (const auto& row : rows) {
    Statement& s = by_name[statement_name(row[0])];
    s.calls += std::stoll(row[1]);
    s.total_ms += std::stod(row[2]);
  }
  return by_name;
}

long long total_calls(const Statements& all) {
  long long calls = 0;
  for (const auto& [name, s] : all) calls += s.calls;
  return calls;
}

// What ran between two snapshots.
Statements since(const Statements& later, const Statements& earlier) {
  Statements diff;
  for (const auto& [name, s] : later) {
    Statement d = s;
    if (const auto found = earlier.find(name); found != earlier.end()) {
      d.calls -= found->second.calls;
      d.total_ms -= found->second.total_ms;
    }
    if (d.calls > 0) diff[name] = d;
  }
  return diff;
}

void add(Statements& into, const Statements& more) {
  for (const auto& [name, s] : more) {
    into[name].calls += s.calls;
    into[name].total_ms += s.total_ms;
  }
}

double calls_of(const Statements& all, const std::string& name) {
  const auto found = all.find(name);
  return found == all.end() ? 0 : static_cast<double>(found->second.calls);
}

void reset_statements(Sql& sql) {
  sql.rows("SELECT " OURS " pg_stat_statements_reset()");
}

// ---------------------------------------------------------------- processes

// `proctord --role grader`, as deploy/systemd/proctord-grader.service runs
// it, with a bank of its own; `workers` 0: one per core, proctord's default.
std::unique_ptr<proctord_test::GraderProcess> start_grader(const std::string& url, int workers) {
  return std::make_unique<proctord_test::GraderProcess>(url, PROCTOR_PROBLEMS_DIR, kLeaseSeconds,
                                                        workers);
}

// ------------------------------------------------------------- REST, WebSocket

std::string create_assessment(unsigned short port, const Staff& admin) {
  const json spec = {{"title", "Grading bench"},
                     {"duration_minutes", 180},
                     {"pass_mark", 50},
                     {"items", {{{"problem", kProblem}, {"points", 10}}}}};
  const proctord_test::Response made = proctord_test::request(
      port, http::verb::post, "/api/assessments", spec.dump(), admin.cookie, admin.csrf);
  if (made.result_int() != 201)
    throw std::runtime_error("cannot make an assessment: " + made.body());
  return std::to_string(json::parse(made.body())["id"].get<std::int64_t>());
}

struct Invited {
  std::string token;
  std::int64_t attempt = 0;
};

Invited invite(unsigned short port, const Staff& admin, const std::string& assessment, int n) {
  const json body = {{"candidate_name", "Bench " + std::to_string(n)},
                     {"candidate_email", "bench@example.com"}};
  const proctord_test::Response made = proctord_test::request(
      port, http::verb::post, "/api/assessments/" + assessment + "/invitations", body.dump(),
      admin.cookie, admin.csrf);
  if (made.result_int() != 201) throw std::runtime_error("cannot invite: " + made.body());
  const json invited = json::parse(made.body());
  return {invited["token"].get<std::string>(), invited["id"].get<std::int64_t>()};
}

// What the throughput phase needs in the database: an attempt and the
// problem's pinned version, made by a daemon as a recruiter would.
struct Site {
  std::string admin_password;
  std::string assessment;
  std::string version;  // number-sign's content hash, as assessment_items pins it
  std::int64_t attempt = 0;
};

Site set_up(const std::string& url) {
  ProctordProcess daemon("", {"--store", url, "--grading", "remote"});
  Site site;
  site.admin_password = daemon.admin_password();
  const Staff admin = proctord_test::sign_in(daemon.port(), "admin@localhost", site.admin_password);
  site.assessment = create_assessment(daemon.port(), admin);
  site.attempt = invite(daemon.port(), admin, site.assessment, 0).attempt;
  Sql sql(url);
  site.version = sql.value(
      "SELECT " OURS " version FROM assessment_items WHERE assessment_id = $1 AND position = 0",
      {site.assessment});
  if (site.version.empty()) throw std::runtime_error("the assessment pinned no version");
  return site;
}

// A candidate's sample runs, one after another, each timed from the `run`
// message to its `run_result` (and to `run_queued`: the code saved). A
// fresh attempt every kRunsPerAttempt runs (an attempt may ask for 10 a
// minute). With `counter`, the statements the database ran meanwhile
// (attempts' start and the warm-up runs left out).
struct Samples {
  std::vector<double> queued_ms;
  std::vector<double> result_ms;
  int accepted = 0;  // tests passed, of 2 a run
  int tests = 0;
  Statements statements;
};

Samples sample_runs(unsigned short port, const Staff& admin, const std::string& assessment,
                    const std::string& code, int samples, Sql* counter = nullptr) {
  Samples got;
  std::unique_ptr<WsClient> ws;
  Statements before;
  auto count_since_before = [&] {
    if (counter == nullptr) return;
    pause_for(milliseconds(100));  // the run's own event, written after its result
    add(got.statements, since(statements(*counter), before));
  };
  for (int i = 0; i < samples + kWarmUpRuns; ++i) {
    throw_if_interrupted();
    if (i % kRunsPerAttempt == 0) {
      if (i > kWarmUpRuns) count_since_before();
      const Invited invited = invite(port, admin, assessment, i / kRunsPerAttempt + 1);
      ws = std::make_unique<WsClient>(port);
      const json welcome = ws->ask({{"type", "hello"}, {"token", invited.token}});
      const json started = ws->ask({{"type", "start"}});
      if (welcome["type"] != "welcome" || started["type"] != "started") {
        throw std::runtime_error("cannot start an attempt: " + started.dump());
      }
      if (i >= kWarmUpRuns && counter != nullptr) before = statements(*counter);
    }
    if (i == kWarmUpRuns && i % kRunsPerAttempt != 0 && counter != nullptr) {
      pause_for(milliseconds(100));
      before = statements(*counter);
    }
    const auto asked = Clock::now();
    const json queued = ws->ask({{"type", "run"}, {"question", 0}, {"code", code}});
    if (queued["type"] != "run_queued") throw std::runtime_error("run refused: " + queued.dump());
    const auto queued_at = Clock::now();
    const json result = ws->run_result(queued["run"].get<std::int64_t>(), kRunTimeoutMs);
    const auto done = Clock::now();
    if (result["type"] != "run_result" || !result.contains("tests")) {
      throw std::runtime_error("no run result: " + result.dump());
    }
    if (i < kWarmUpRuns) continue;
    got.queued_ms.push_back(ms_between(asked, queued_at));
    got.result_ms.push_back(ms_between(asked, done));
    for (const json& test : result["tests"]) {
      ++got.tests;
      if (test["verdict"] == "ACCEPTED") ++got.accepted;
    }
  }
  count_since_before();
  return got;
}

void print_samples(const std::string& what, const Samples& s) {
  std::cout << "  " << what << ": median " << fixed(percentile(s.result_ms, 0.5), 1) << " ms, p90 "
            << fixed(percentile(s.result_ms, 0.9), 1)
            << " ms (to run_queued: " << fixed(percentile(s.queued_ms, 0.5), 1) << " / "
            << fixed(percentile(s.queued_ms, 0.9), 1) << " ms); " << s.accepted << "/" << s.tests
            << " tests ACCEPTED\n";
}

// calls per unit | calls a second while idle | mean server ms
void print_statement_table(const std::string& unit, const Statements& busy, double units,
                           const Statements& idle, double idle_seconds) {
  std::cout << "    " << std::left << std::setw(46) << "statement" << std::right << std::setw(10)
            << ("per " + unit) << std::setw(12) << "idle, /s" << std::setw(10) << "mean ms"
            << "\n";
  Statements names = busy;
  for (const auto& [name, s] : idle) names.try_emplace(name);
  for (const auto& [name, s] : names) {
    const auto quiet = idle.find(name);
    const double idle_rate =
        quiet == idle.end() ? 0 : static_cast<double>(quiet->second.calls) / idle_seconds;
    std::cout << "    " << std::left << std::setw(46) << name << std::right << std::setw(10)
              << fixed(static_cast<double>(s.calls) / units, 2) << std::setw(12)
              << fixed(idle_rate, 2) << std::setw(10)
              << fixed(s.calls > 0 ? s.total_ms / static_cast<double>(s.calls) : 0, 3) << "\n";
  }
}

// --------------------------------------------------------------- throughput

struct Batch {
  int processes = 0;
  int workers = 0;  // each
  int jobs = 0;
  int done = 0;
  long long tests = 0;
  long long accepted = 0;
  double seconds = 0;                // first posted to last finished, on the database's clock
  double idle_calls_per_second = 0;  // every grader with nothing to do
  double transactions_per_job = 0;
  Statements idle;  // over kIdleWindow
  double idle_seconds = 0;
  Statements busy;  // while the jobs ran
};

// Posts `jobs` run jobs at once (one INSERT, one NOTIFY), with `processes`
// graders of `workers` sandbox workers already waiting, and times them.
Batch throughput(const std::string& url, const Site& site, const std::string& code, int processes,
                 int workers, int jobs) {
  Batch batch;
  batch.processes = processes;
  batch.jobs = jobs;
  std::vector<std::unique_ptr<proctord_test::GraderProcess>> graders;
  graders.reserve(static_cast<std::size_t>(processes));
  for (int i = 0; i < processes; ++i) graders.push_back(start_grader(url, workers));
  batch.workers = graders.front()->workers();
  pause_for(kStartUpCounted);
  {
    // What graders ask of the database when there is nothing to do: all
    // of it single statements, each its own transaction.
    Sql sql(url);
    reset_statements(sql);
    const auto idle_start = Clock::now();
    pause_for(kIdleWindow);
    batch.idle = statements(sql);
    batch.idle_seconds = seconds_since(idle_start);
    batch.idle_calls_per_second = static_cast<double>(total_calls(batch.idle)) / batch.idle_seconds;
  }
  const double before = committed_transactions(url);
  const auto window = Clock::now();
  long long ours = 0;
  std::string first;
  {
    Sql sql(url);
    reset_statements(sql);
    first = std::to_string(static_cast<long long>(
        sql.number("SELECT " OURS " coalesce(max(id), 0) + 1 FROM grading_jobs")));
    sql.rows(
        "WITH posted AS (INSERT INTO grading_jobs (kind, attempt, version, code, state, posted_at) "
        "SELECT 'run', $1, $2, $3, 'queued', " NOW_MS
        " FROM generate_series(1, $4) RETURNING id) "
        "SELECT " OURS " pg_notify('proctor_jobs_posted', ''), (SELECT count(*) FROM posted)",
        {std::to_string(site.attempt), site.version, code, std::to_string(jobs)});
    const auto give_up = Clock::now() + std::chrono::seconds(120 + 2 * jobs);
    for (;;) {
      const double ended = sql.number("SELECT " OURS
                                      " count(*) FROM grading_jobs WHERE id >= $1 AND "
                                      "state IN ('done', 'failed', 'cancelled')",
                                      {first});
      if (ended >= jobs) break;
      if (Clock::now() > give_up) throw std::runtime_error("the graders did not finish in time");
      pause_for(kPoll);
    }
    batch.busy = statements(sql);
    const Sql::Rows summary =
        sql.rows("SELECT " OURS
                 " count(*), coalesce(sum(json_array_length(result::json)), 0), "
                 "coalesce(max(finished_at) - min(posted_at), 0) FROM grading_jobs "
                 "WHERE id >= $1 AND state = 'done'",
                 {first});
    batch.done = std::stoi(summary[0][0]);
    batch.tests = std::stoll(summary[0][1]);
    batch.seconds = std::stod(summary[0][2]) / 1000;
    batch.accepted =
        static_cast<long long>(sql.number(
            "SELECT " OURS " count(*) FROM grading_jobs j, json_array_elements(j.result::json) t "
            "WHERE j.id >= $1 AND j.state = 'done' AND t->>'verdict' = 'ACCEPTED'",
            {first}));
    ours = sql.statements() + 1;  // and the `before` count
  }                               // our connection ends: its counts reach pg_stat_database
  for (auto& grader : graders) grader->stop();  // theirs too, as each ends
  const double window_seconds = seconds_since(window);
  pause_for(milliseconds(500));
  const double after = committed_transactions(url);
  batch.transactions_per_job =
      (after - before - static_cast<double>(ours) - batch.idle_calls_per_second * window_seconds) /
      jobs;
  return batch;
}

void print_batch(const Batch& b) {
  const double tests_per_second = b.seconds > 0 ? static_cast<double>(b.tests) / b.seconds : 0;
  std::cout << "  " << b.processes << " grader" << (b.processes > 1 ? "s" : " ") << " x "
            << b.workers << " worker" << (b.workers > 1 ? "s" : " ") << ": " << b.done << "/"
            << b.jobs << " jobs, " << b.tests << " tests (" << b.accepted << " ACCEPTED) in "
            << fixed(b.seconds, 2) << " s: " << fixed(tests_per_second, 1)
            << " graded test runs/s, " << fixed(b.done / std::max(b.seconds, 1e-9), 1)
            << " jobs/s; " << fixed(b.transactions_per_job, 2) << " transactions/job\n";
}

void print_statements(const Batch& b) {
  std::cout << "  what the database ran, " << b.processes << " grader x " << b.workers
            << " worker(s): calls per job while busy, calls a second while idle\n";
  print_statement_table("job", b.busy, b.jobs, b.idle, b.idle_seconds);
}

// --------------------------------------------------------------- board only

// Starts `threads` workers together, each calling its step until the
// window ends or the step says there is no more (a negative count); the
// steps' counts a second, all together.
template <typename MakeWorker>
double rate(int threads, milliseconds window, MakeWorker make_worker) {
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::atomic<long long> total{0};
  std::mutex failure_mutex;
  std::string failure;
  Clock::time_point start;
  std::vector<std::thread> workers;
  workers.reserve(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      try {
        auto step = make_worker(t);  // connects
        ++ready;
        while (!go.load()) std::this_thread::sleep_for(milliseconds(1));
        const auto end = start + window;
        long long done = 0;
        while (Clock::now() < end && g_interrupted == 0) {
          const int count = step();
          if (count < 0) break;
          done += count;
        }
        total += done;
      } catch (const std::exception& error) {
        const std::lock_guard lock(failure_mutex);
        failure = error.what();
        ++ready;
      }
    });
  }
  while (ready.load() < threads) std::this_thread::sleep_for(milliseconds(1));
  start = Clock::now();
  go = true;
  for (std::thread& worker : workers) worker.join();
  const double elapsed = seconds_since(start);
  throw_if_interrupted();
  if (!failure.empty()) throw std::runtime_error(failure);
  return static_cast<double>(total.load()) / elapsed;
}

// A realistic job and result: what the graders made of the first job.
struct BoardJob {
  proctord::Job job;
  std::vector<grading::TestResult> tests;
};

BoardJob board_job(const std::string& url, const Site& site, const std::string& code) {
  BoardJob made;
  made.job.kind = "run";
  made.job.attempt = site.attempt;
  made.job.version = site.version;
  made.job.code = code;
  Sql sql(url);
  made.tests = proctord::decode_tests(sql.value(
      "SELECT " OURS " result FROM grading_jobs WHERE state = 'done' ORDER BY id LIMIT 1"));
  return made;
}

// Posts kBacklog queued runs at once and ANALYZEs the table (as autovacuum
// does on a busy one), then `threads` claimers claim and finish them
// through the JobBoard until a claim finds none, or the window ends (what
// is left is cancelled): claims a second, and the plan they had.
struct Drained {
  double per_second = 0;
  std::string plan;
};

std::string claim_plan(const std::string& url);

Drained drain(const std::string& url, const Site& site, const std::string& code,
              const BoardJob& sample, int threads) {
  Drained drained;
  {
    Sql sql(url);
    sql.rows(
        "INSERT INTO grading_jobs (kind, attempt, version, code, state, posted_at) "
        "SELECT 'run', $1, $2, $3, 'queued', " NOW_MS " FROM generate_series(1, $4) " OURS,
        {std::to_string(site.attempt), site.version, code, std::to_string(kBacklog)});
    sql.rows("ANALYZE " OURS " grading_jobs");
  }
  drained.plan = claim_plan(url);
  drained.per_second = rate(threads, kDrainWindow, [&](int t) {
    std::shared_ptr<proctord::Store> store = proctord::open_store(url, "");
    proctord::JobBoard* board = proctord::job_board(*store);
    const std::string owner = "drain-" + std::to_string(t);
    return [store, board, owner, &sample] {
      const auto claimed = board->claim("run", owner, 30000);
      if (!claimed) return -1;
      board->finish_run(claimed->id, owner, "done", sample.tests);
      return 1;
    };
  });
  Sql sql(url);
  sql.rows("UPDATE grading_jobs SET state = 'cancelled' WHERE state = 'queued' " OURS);
  return drained;
}

// The scans PostgreSQL chooses for the claim's inner SELECT now.
std::string claim_plan(const std::string& url) {
  Sql sql(url);
  std::string scans;
  for (const auto& row :
       sql.rows("EXPLAIN SELECT " OURS " id FROM grading_jobs WHERE kind = 'run' AND (state = "
                "'queued' OR (state = 'running' AND lease_until < 0)) "
                "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED")) {
    const std::string& line = row[0];
    const auto scan = line.find("Scan");
    if (scan == std::string::npos) continue;
    const auto start = line.find_first_not_of(" ->");
    const auto end = line.find("  (cost");
    if (!scans.empty()) scans += ", ";
    scans += line.substr(start, end == std::string::npos ? std::string::npos : end - start);
  }
  return scans;
}

void board_only(const std::string& url, const Site& site, const std::string& code) {
  {
    Sql sql(url);
    sql.rows("CREATE TABLE " OURS " bench_commits (id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL)");
  }
  std::cout << "\n3. The board's statements alone (no sandbox; " << kBoardWindow.count() / 1000
            << " s each)\n";
  for (const bool notify : {false, true}) {
    std::cout << "  commits/s, one INSERT a transaction"
              << (notify ? " + pg_notify" : "           ") << ":";
    for (const int threads : {1, 2, 8}) {
      const double per_second = rate(threads, kBoardWindow, [&](int) {
        auto sql = std::make_shared<Sql>(url);
        const std::string statement =
            notify ? "WITH made AS (INSERT INTO bench_commits (at) VALUES (" NOW_MS
                     ") RETURNING id) SELECT " OURS " pg_notify('bench', '') FROM made"
                   : "INSERT INTO bench_commits (at) VALUES (" NOW_MS ") " OURS;
        return [sql, statement] {
          sql->rows(statement);
          return 1;
        };
      });
      std::cout << "  " << threads << " conn " << std::setw(6) << fixed(per_second, 0);
    }
    std::cout << "\n";
  }

  const BoardJob sample = board_job(url, site, code);
  std::cout << "  post + claim + finish + finished_runs cycles/s (the JobBoard's own calls):";
  Statements one_thread;
  for (const int threads : {1, 2, 8}) {
    Sql sql(url);
    reset_statements(sql);
    const double per_second = rate(threads, kBoardWindow, [&](int t) {
      std::shared_ptr<proctord::Store> store = proctord::open_store(url, "");
      proctord::JobBoard* board = proctord::job_board(*store);
      const std::string owner = "bench-" + std::to_string(t);
      return [store, board, owner, &sample] {
        const std::int64_t id = board->post_run(sample.job);
        if (const auto claimed = board->claim("run", owner, 30000)) {
          board->finish_run(claimed->id, owner, "done", sample.tests);
        }
        board->finished_runs({id});
        return 1;
      };
    });
    if (threads == 1) one_thread = statements(sql);
    std::cout << "  " << threads << " thr " << std::setw(6) << fixed(per_second, 0);
  }
  std::cout << "\n  server time per statement (1 thread): ";
  for (const auto& [name, s] : one_thread) {
    // The board's statements, not the stores' start-up (schema, advisory lock).
    if (s.calls < 100) continue;
    std::cout << "\n    " << std::left << std::setw(46) << name << std::right << std::setw(8)
              << fixed(s.total_ms / static_cast<double>(s.calls), 3) << " ms";
  }
  std::cout << "\n";

  std::cout << "  a backlog of " << kBacklog
            << " queued runs drained by claim + finish (ANALYZEd with it):";
  std::string plan;
  for (const int threads : {1, 4}) {
    const Drained drained = drain(url, site, code, sample, threads);
    plan = drained.plan;
    std::cout << "  " << threads << " thr " << std::setw(6) << fixed(drained.per_second, 0) << "/s";
  }
  std::cout << "\n    claim plan: " << plan << "\n";

  // Finished runs stay an hour (for a daemon's catch-up): at 28 runs a
  // second, 100,000 rows ahead of the backlog, VACUUMed as autovacuum does.
  {
    Sql sql(url);
    sql.rows(
        "INSERT INTO grading_jobs (kind, attempt, version, code, state, posted_at, "
        "finished_at, result) SELECT 'run', $1, $2, $3, 'done', " NOW_MS ", " NOW_MS
        ", $4 FROM generate_series(1, $5) " OURS,
        {std::to_string(site.attempt), site.version, code, proctord::encode_tests(sample.tests),
         std::to_string(kFinishedAnHour)});
    sql.rows("VACUUM " OURS " grading_jobs");
  }
  std::cout << "  the same behind " << kFinishedAnHour << " finished runs (at most "
            << kDrainWindow.count() / 1000 << " s):";
  for (const int threads : {1, 4}) {
    const Drained drained = drain(url, site, code, sample, threads);
    plan = drained.plan;
    std::cout << "  " << threads << " thr " << std::setw(6) << fixed(drained.per_second, 1) << "/s";
  }
  std::cout << "\n    claim plan: " << plan << "\n";
}

// ----------------------------------------------------------------------- run

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

int run(const Options& options) {
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  std::cout << "grading-bench: " << options.jobs << " jobs, " << options.samples << " samples; "
            << cores << " cores, load average " << load_average() << "\n";
  const std::string code =
      slurp(fs::path(PROCTOR_PROBLEMS_DIR) / "coding" / kProblem / "submissions" / kSolution);

  PostgresOptions durable;
  durable.durable = true;
  durable.settings = {"shared_preload_libraries=pg_stat_statements"};
  PostgresServer postgres(durable);
  const std::string url = postgres.create_database();
  {
    Sql sql(url);
    sql.rows("CREATE EXTENSION pg_stat_statements");
    std::cout << "PostgreSQL " << sql.value("SHOW server_version")
              << " on 127.0.0.1:" << postgres.port() << ", fsync " << sql.value("SHOW fsync")
              << ", synchronous_commit " << sql.value("SHOW synchronous_commit")
              << ", wal_sync_method " << sql.value("SHOW wal_sync_method") << "\n";
  }
  const Site site = set_up(url);

  std::cout << "\n1. Throughput: " << options.jobs << " run jobs of " << kProblem
            << "'s samples posted at once, graders waiting (lease " << kLeaseSeconds << " s)\n";
  std::vector<Batch> batches;
  for (const int workers : {1, 0}) {
    for (const int processes : {1, 2}) {
      batches.push_back(throughput(url, site, code, processes, workers, options.jobs));
      print_batch(batches.back());
    }
  }
  std::cout << "  (a transaction a job is the claim, one the finish; and every NOTIFY costs each\n"
               "  listening backend, one a grader, a short transaction of its own to read it)\n";
  print_statements(batches.front());

  std::cout << "\n2. A candidate's sample run, `run` to `run_result`, " << options.samples
            << " runs one after another (" << kWarmUpRuns << " before them not counted)\n";
  Samples local;
  {
    ProctordProcess daemon;
    const Staff admin =
        proctord_test::sign_in(daemon.port(), "admin@localhost", daemon.admin_password());
    local = sample_runs(daemon.port(), admin, create_assessment(daemon.port(), admin), code,
                        options.samples);
  }
  print_samples("one proctord, SQLite, grading in-process (" + std::to_string(cores) +
                    " warm workers)          ",
                local);
  {
    ProctordProcess daemon("", {"--store", url, "--grading", "remote"});
    const auto grader = start_grader(url, 0);
    pause_for(kSettle);
    const Staff admin =
        proctord_test::sign_in(daemon.port(), "admin@localhost", site.admin_password);
    Sql sql(url);
    // A daemon and a grader with nothing to do.
    reset_statements(sql);
    const auto idle_start = Clock::now();
    pause_for(kIdleWindow);
    const Statements idle = statements(sql);
    const double idle_seconds = seconds_since(idle_start);
    const std::string first =
        sql.value("SELECT " OURS " coalesce(max(id), 0) + 1 FROM grading_jobs");
    const Samples remote =
        sample_runs(daemon.port(), admin, site.assessment, code, options.samples, &sql);
    std::vector<double> board_ms;
    const Sql::Rows spans = sql.rows("SELECT " OURS
                                     " finished_at - posted_at FROM grading_jobs WHERE id >= $1 "
                                     "AND kind = 'run' AND state = 'done' ORDER BY id OFFSET $2",
                                     {first, std::to_string(kWarmUpRuns)});
    for (const auto& row : spans) board_ms.push_back(std::stod(row[0]));
    print_samples("--grading remote, PostgreSQL, 1 grader (" + std::to_string(grader->workers()) +
                      " warm workers)",
                  remote);
    std::cout << "  of which posted -> finished in grading_jobs: median "
              << fixed(percentile(board_ms, 0.5), 1) << " ms, p90 "
              << fixed(percentile(board_ms, 0.9), 1) << " ms\n";
    std::cout << "  added latency: median "
              << fixed(percentile(remote.result_ms, 0.5) - percentile(local.result_ms, 0.5), 1)
              << " ms, p90 "
              << fixed(percentile(remote.result_ms, 0.9) - percentile(local.result_ms, 0.9), 1)
              << " ms\n";
    std::cout << "  what the database ran for a candidate's run (daemon and grader), and a "
                 "second while both idle:\n";
    print_statement_table("run", remote.statements, options.samples, idle, idle_seconds);

    // Every grader hears of every posted run and looks for work.
    const auto second = start_grader(url, 0);
    pause_for(kSettle);
    Samples two = sample_runs(daemon.port(), admin, site.assessment, code, options.samples, &sql);
    print_samples("the same with 2 graders (" + std::to_string(second->workers()) +
                      " warm workers each)      ",
                  two);
    std::cout << "  claims per run with 2 graders: "
              << fixed(calls_of(two.statements, kClaim) / options.samples, 2)
              << " (1 grader: " << fixed(calls_of(remote.statements, kClaim) / options.samples, 2)
              << ")\n";
  }

  board_only(url, site, code);
  std::cout << "\ndone; load average " << load_average() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return bench::bench_main<Options>(argc, argv, "grading-bench", kUsage, parse_options, run);
}
