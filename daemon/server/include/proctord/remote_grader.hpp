// What `proctord --role grader` does: claims jobs from the shared database
// and runs them in this machine's sandbox (proctord/job_board.hpp).
//
// The grading service (in its Grader role) does the running, and claims
// final gradings itself, one at a time; this loop feeds it candidates' runs
// while it has room, posts a grade job for every submitted attempt without
// a grade, and renews the leases of whatever this grader holds. A run that
// ended is recorded (and announced to the daemons) from the grading thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "proctord/bank.hpp"
#include "proctord/grading_service.hpp"
#include "proctord/job_board.hpp"

namespace proctord {

struct RemoteGraderSettings {
  std::string owner;  // unique per grader process: its leases are held under it
  std::int64_t lease_ms = 30000;
  int max_tries = 3;
  std::size_t max_claimed = 4;  // runs claimed and not yet finished
  std::int64_t settle_ms = 2000;
};

class RemoteGrader {
 public:
  RemoteGrader(JobBoard& board, GradingService& grading, const Catalog& catalog,
               RemoteGraderSettings settings);
  ~RemoteGrader();
  RemoteGrader(const RemoteGrader&) = delete;
  RemoteGrader& operator=(const RemoteGrader&) = delete;

  // Claims and runs jobs until `stop` is set (looked at twice a second).
  void run(const std::atomic<bool>& stop);

 private:
  void housekeeping();
  void claim_runs();
  void start(const Job& job);
  void finish(std::int64_t id, const std::string& state,
              const std::vector<grading::TestResult>& tests);

  JobBoard& board_;
  GradingService& grading_;
  const Catalog& catalog_;
  RemoteGraderSettings settings_;
  std::atomic<std::size_t> claimed_{0};
  int freed_fd_ = -1;  // written when a claimed run ends: there is room again
  std::int64_t next_housekeeping_ms_ = 0;
  std::int64_t next_forget_ms_ = 0;
};

// A name no other grader has: host, process and a random part.
std::string grader_name();

}  // namespace proctord
