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
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "grading/grader.hpp"
#include "proctord/bank.hpp"
#include "proctord/metrics.hpp"
#include "proctord/store.hpp"
#include "pysandbox/pool.hpp"

namespace proctord {

struct GradingSettings {
  std::size_t max_interactive = 32;  // runs waiting or running; more are refused
  int max_per_attempt = 2;           // one attempt's runs waiting or running
  std::size_t runs_per_minute = 10;  // one attempt's runs asked for
  std::filesystem::path cache_dir;   // generated test inputs
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
  struct Final;  // the attempt being graded now

  void loop();
  bool step();
  // With mutex_ held:
  void settle(std::int64_t attempt);
  [[nodiscard]] std::size_t depth() const;
  void update_depth();
  void dispatch_interactive(std::unique_lock<std::mutex>& lock);
  void launch(Interactive job);
  void begin_final();
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
  bool look_at_store_ = true;
  bool stopping_ = false;
  std::thread thread_;

  // Owned by the grading thread alone.
  std::unique_ptr<Final> final_;
  std::int64_t next_store_look_ms_ = 0;
};

}  // namespace proctord
