// A pool of single-threaded worker processes that each call pysandbox::run().
//
// run() forks, and a fork is only safe from a process with one thread. The
// pool forks its workers once, at start-up, before the caller starts any
// thread; afterwards the caller may be as multi-threaded as it likes and
// talks to the workers over socketpairs. The daemon and proctorctl both run
// their sandboxed programs through it.
#pragma once

#include <poll.h>
#include <sys/types.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "pysandbox/sandbox.hpp"

namespace pysandbox {

struct PoolJob {
  RunRequest request;      // stdin_fd is ignored: use stdin_path or stdin_data
  std::string stdin_path;  // a file the worker opens as the program's stdin
};

class Pool {
 public:
  using Done = std::function<void(RunResult)>;

  // Warm: each worker keeps a pre-started template interpreter and runs
  // each job in a fresh confined child of it (pysandbox/warm.hpp), falling
  // back to a cold run when it cannot. Cold: a fresh python3 per run.
  enum class Mode { Warm, Cold };

  // Forks `workers` processes (at least one). Call before starting threads.
  explicit Pool(unsigned workers, Mode mode = Mode::Warm);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Queues a job; `done` is called from run_until_idle() or poll_once().
  void submit(PoolJob job, Done done);
  // Runs queued jobs until none is queued or running.
  void run_until_idle();
  // Waits up to timeout_ms for results and calls their callbacks; returns
  // the number of callbacks made. `also`: more descriptors to wait on in
  // the same poll (a server's clients); their revents are filled in.
  int poll_once(int timeout_ms, std::vector<pollfd>* also = nullptr);

  [[nodiscard]] std::size_t size() const { return workers_.size(); }
  [[nodiscard]] std::size_t pending() const { return queue_.size() + busy_; }
  [[nodiscard]] Mode mode() const { return mode_; }

 private:
  struct Worker {
    pid_t pid = -1;
    int fd = -1;
    bool busy = false;
    Done done;
  };
  void dispatch();
  void replace(Worker& worker, const std::string& why);

  Mode mode_;
  std::vector<Worker> workers_;
  std::deque<std::pair<PoolJob, Done>> queue_;
  std::size_t busy_ = 0;
};

// The wire format between the pool and its workers, exposed for tests.
std::string encode_job(const PoolJob& job);
PoolJob decode_job(const std::string& bytes);
std::string encode_result(const RunResult& result);
RunResult decode_result(const std::string& bytes);

}  // namespace pysandbox
