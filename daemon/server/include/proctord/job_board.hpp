// Grading jobs as rows of the shared PostgreSQL database: how several
// daemons and grader processes on other machines share the work with no
// queue server of their own.
//
// A daemon posts a candidate's sample or custom run as a "run" job and
// learns of its result through LISTEN/NOTIFY (with a periodic catch-up, as
// a notice can be missed while a connection is down). Graders post a
// "grade" job for each submitted attempt without a grade, claim jobs with
// SELECT ... FOR UPDATE SKIP LOCKED under a lease they keep renewing, and
// write each result in one transaction that only the lease's holder can
// commit: a grader that dies loses its lease, another takes the job over,
// and a result is recorded once. A job claimed more than a bounded number
// of times (it keeps killing its graders) is failed as INTERNAL_ERROR.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "grading/grader.hpp"
#include "proctord/store.hpp"

namespace proctord {

struct Job {
  std::int64_t id = 0;
  std::string kind;  // "run": a candidate's run; "grade": an attempt's final grade
  std::int64_t attempt = 0;
  std::string version;               // run: the problem's pinned content hash
  std::string code;                  // run
  std::optional<std::string> input;  // run: custom input; none: the sample tests
  int tries = 0;                     // claims so far, this one included
};

// A run job that ended: "done" or "failed" with its tests, or "cancelled".
struct FinishedRun {
  std::int64_t id = 0;
  std::string state;
  std::vector<grading::TestResult> tests;
};

struct RelayedResult {
  std::int64_t id = 0;
  std::int64_t attempt = 0;
  std::string message;
};

// Notices from one channel, on a connection of their own.
class NoticeListener {
 public:
  virtual ~NoticeListener() = default;
  // Waits up to `timeout_ms` for notices, or until `wake_fd` (when not -1)
  // is readable; returns their payloads. A lost connection is re-made here
  // (at most once a second); notices sent meanwhile are missed, which is
  // why every user also looks at the table now and then.
  virtual std::vector<std::string> wait(int timeout_ms, int wake_fd) = 0;
};

class JobBoard {
 public:
  // Channels: a job was posted (graders listen), a run ended (daemons do),
  // and news of attempts, for every daemon: "opened <attempt> <daemon>" (a
  // connection signed in to it there: an older one elsewhere is closed) and
  // "result <attempt>" (a run's result was relayed for it).
  static constexpr const char* kPostedChannel = "proctor_jobs_posted";
  static constexpr const char* kFinishedChannel = "proctor_runs_finished";
  static constexpr const char* kAttemptsChannel = "proctor_attempts";

  virtual ~JobBoard() = default;

  // --- daemons ---
  // Posts a run job and tells the graders; returns its id.
  virtual std::int64_t post_run(const Job& job) = 0;
  // Cancels the attempt's runs that no grader has claimed yet; their ids.
  virtual std::vector<std::int64_t> cancel_queued_runs(std::int64_t attempt) = 0;
  // Cancels the runs of `ids` that no grader claimed within `wait_ms` of
  // being posted (no grader is running); their ids.
  virtual std::vector<std::int64_t> expire_queued_runs(const std::vector<std::int64_t>& ids,
                                                       std::int64_t wait_ms) = 0;
  // Which of these run jobs have ended, with their results.
  virtual std::vector<FinishedRun> finished_runs(const std::vector<std::int64_t>& ids) = 0;

  // A run's result (a `run_result` message) for a candidate who is no longer
  // connected to the daemon that asked: kept, and announced on
  // kAttemptsChannel, for the daemon the candidate is connected to now.
  virtual void relay_result(std::int64_t attempt, const std::string& message) = 0;
  // Relayed results after `after_id` (of `attempt` only, unless it is 0),
  // oldest first, at most `limit`.
  virtual std::vector<RelayedResult> relayed_since(std::int64_t after_id, std::int64_t attempt,
                                                   int limit) = 0;
  // The newest relayed result's id (0: none): a daemon starting now reads on
  // from there.
  virtual std::int64_t last_relayed() = 0;
  // Deletes relayed results older than `age_ms`; how many.
  virtual std::int64_t forget_relayed(std::int64_t age_ms) = 0;

  // --- graders ---
  // Leases and job times are on the database's clock, so that machines
  // whose clocks disagree still agree on when a lease ran out.
  //
  // A grade job for every attempt submitted at or before `submitted_before`
  // and waiting for its grade, unless it has one open; returns how many.
  virtual std::int64_t post_grades(std::int64_t submitted_before) = 0;
  // Takes the oldest job of `kind` that is queued or whose lease ran out,
  // counting a try, leased to `owner` for `lease_ms`.
  virtual std::optional<Job> claim(const std::string& kind, const std::string& owner,
                                   std::int64_t lease_ms) = 0;
  // Extends every lease `owner` holds to `lease_ms` from now; how many.
  virtual std::int64_t renew(const std::string& owner, std::int64_t lease_ms) = 0;
  // Lets go of a claimed job unfinished (the grader cannot go on with it):
  // any grader may claim it again at once; the try stays counted.
  virtual void abandon(std::int64_t id, const std::string& owner) = 0;
  // Records a run's result and tells the daemons, if `owner` still holds
  // its lease; false when another grader took the job over.
  virtual bool finish_run(std::int64_t id, const std::string& owner, const std::string& state,
                          const std::vector<grading::TestResult>& tests) = 0;
  // Saves the attempt's grade and closes the job in one transaction, if
  // `owner` still holds its lease; false when another grader took it over.
  virtual bool finish_grade(std::int64_t id, const std::string& owner,
                            const AttemptGrade& grade) = 0;
  // Deletes run jobs that ended more than `age_ms` ago; how many.
  virtual std::int64_t forget_runs(std::int64_t age_ms) = 0;

  // --- problems, by the content hash assessments pin ---
  virtual bool has_package(const std::string& hash) = 0;
  // Keeps a problem package (a pack_directory() archive) once.
  virtual void keep_package(const std::string& hash, const std::string& slug,
                            const std::string& archive) = 0;
  virtual std::optional<std::string> package(const std::string& hash) = 0;

  virtual std::unique_ptr<NoticeListener> listen(const std::string& channel) = 0;
  // Sends a notice to everyone listening on `channel`.
  virtual void announce(const std::string& channel, const std::string& payload) = 0;
};

// The job board of a store, or nullptr when the store cannot share work
// between processes (SQLite).
JobBoard* job_board(Store& store);

// Test results as the board keeps them (JSON), and back.
std::string encode_tests(const std::vector<grading::TestResult>& tests);
std::vector<grading::TestResult> decode_tests(const std::string& text);

// A problem folder's regular files (but submissions/) as one byte string,
// and back into a new folder.
// Unpacking refuses absolute paths, "..", and anything but plain files.
std::string pack_directory(const std::filesystem::path& dir);
void unpack_directory(const std::string& archive, const std::filesystem::path& dir);

}  // namespace proctord
