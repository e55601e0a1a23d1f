// The grading queue: one thread that owns the sandbox pool, fed by the
// network threads.
//
// The pool's workers are forked in main() before any thread exists (a fork
// from a threaded process is unsafe); this thread is then the only one that
// talks to them. Candidate code never runs in the daemon's own process.
//
// Two kinds of work, interactive first:
// - sample and custom-input runs a candidate asked for: a bounded queue; when
//   it is full the candidate is told "busy, retry" instead of the queue
//   growing; a closed attempt's waiting runs are cancelled;
// - final grading of submitted attempts: durable, because the work list is
//   the store itself (submitted and not yet graded). It survives a restart,
//   and regrades are the same path. Its tests are fed to the pool only while
//   a worker is free, so a candidate's run never waits behind a whole
//   grading.
//
// Over a shared PostgreSQL database the work moves to grader processes
// (proctord --role grader, perhaps on other machines) through the job board
// (proctord/job_board.hpp). A daemon's service is then Remote: it posts its
// candidates' runs as jobs and hands each result back as it is announced,
// and grades nothing itself. A grader's service is Grader: it runs the jobs
// its RemoteGrader claims, and claims final gradings from the board itself.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "grading/grader.hpp"
#include "proctord/bank.hpp"
#include "proctord/job_board.hpp"
#include "proctord/metrics.hpp"
#include "proctord/store.hpp"
#include "pysandbox/pool.hpp"

namespace proctord {

struct GradingSettings {
  std::size_t max_interactive = 32;  // runs waiting or running; more are refused
  int max_per_attempt = 2;           // one attempt's runs waiting or running
  std::size_t runs_per_minute = 10;  // one attempt's runs asked for
  std::filesystem::path cache_dir;   // generated test inputs

  enum class Role { Local, Remote, Grader };
  Role role = Role::Local;
  JobBoard* board = nullptr;  // Remote and Grader
  std::string owner;          // Grader: the name its leases are held under
  std::int64_t lease_ms = 30000;
  int max_tries = 3;  // claims of one job; past them it fails as INTERNAL_ERROR
  // Remote: a run that no grader claimed within this is answered
  // INTERNAL_ERROR (no grader is running), rather than waited for forever.
  std::int64_t unclaimed_run_ms = 120000;
};

// What came back from a candidate's run (called on the grading thread).
struct RunOutcome {
  bool cancelled = false;
  std::vector<grading::TestResult> tests;
};

class GradingService {
 public:
  using RunDone = std::function<void(RunOutcome)>;

  GradingService(pysandbox::Pool& pool, Store& store, const Catalog& catalog, Metrics& metrics,
                 GradingSettings settings);
  ~GradingService();
  GradingService(const GradingService&) = delete;
  GradingService& operator=(const GradingService&) = delete;

  void start();
  void stop();

  enum class Admission { Admitted, Busy, RunInProgress, RateLimited };
  // Takes a place for one of the attempt's runs: refused when the queue is
  // full, when the attempt already has `max_per_attempt` runs waiting or
  // running, or asked for `runs_per_minute` in the last minute (the limits
  // are per attempt, whatever connection asks). An admitted place is then
  // either used by run() or given back by release().
  Admission admit(std::int64_t attempt);
  void release(std::int64_t attempt);
  // Queues an admitted run of the sample tests, or of custom input (when
  // `input` is set). It cannot be refused.
  void run(std::int64_t attempt, ProblemPtr problem, std::string code,
           std::optional<std::string> input, RunDone done);
  // Grader: queues a run another process admitted (a claimed job); `done`
  // gets the tests in order, or `cancelled` when the service stops first.
  void run_claimed(std::int64_t attempt, ProblemPtr problem, std::string code,
                   std::optional<std::string> input, RunDone done);
  // Drops the attempt's waiting runs (their callbacks get `cancelled`).
  void cancel(std::int64_t attempt);
  // Something was submitted or a regrade asked for: look at the store now.
  void wake();

  [[nodiscard]] std::size_t queue_depth() const;

 private:
  struct Interactive {
    std::int64_t attempt = 0;
    ProblemPtr problem;
    std::string code;
    std::optional<std::string> input;
    RunDone done;
  };
  struct Final;    // the attempt being graded now
  struct Posted {  // Remote: a run posted to the board, not yet answered
    std::int64_t attempt = 0;
    RunDone done;
    std::chrono::steady_clock::time_point asked;
  };

  void loop();
  bool step();
  bool step_remote();
  void post(Interactive job);
  void collect_remote(const std::vector<std::int64_t>& ids);
  void catch_up_remote();
  void answer_remote(std::int64_t id, RunOutcome outcome);
  void nudge() const;
  // With mutex_ held:
  void settle(std::int64_t attempt);
  [[nodiscard]] std::size_t depth() const;
  void update_depth();
  void dispatch_interactive(std::unique_lock<std::mutex>& lock);
  void launch(Interactive job);
  void begin_final();
  std::optional<std::int64_t> next_final(std::int64_t& job, int& tries);
  void abandon_quietly(std::int64_t job) const;
  void line_up_tests(Final& final, std::size_t item, const ProblemPtr& problem,
                     const std::string& code);
  void feed_final();
  void finish_final();

  pysandbox::Pool& pool_;
  Store& store_;
  const Catalog& catalog_;
  Metrics& metrics_;
  GradingSettings settings_;
  grading::GeneratedInputs inputs_;
  grading::Grader grader_;

  mutable std::mutex mutex_;
  std::condition_variable woken_;
  std::deque<Interactive> waiting_;
  std::size_t running_interactive_ = 0;  // touched under mutex_
  std::size_t admitted_ = 0;             // places taken, not yet queued
  struct PerAttempt {
    int in_flight = 0;
    std::deque<std::int64_t> asked;  // when, within the last minute
  };
  std::map<std::int64_t, PerAttempt> attempts_;
  std::map<std::int64_t, Posted> posted_;  // Remote: by job id
  bool look_at_store_ = true;
  bool stopping_ = false;
  std::thread thread_;

  // Owned by the grading thread alone.
  std::unique_ptr<Final> final_;
  std::int64_t next_store_look_ms_ = 0;
  // Remote: notices of finished runs, and a descriptor that interrupts
  // waiting for them when a run is queued or the service stops.
  std::unique_ptr<NoticeListener> finished_;
  int wake_fd_ = -1;
  std::int64_t next_catch_up_ms_ = 0;
};

}  // namespace proctord
