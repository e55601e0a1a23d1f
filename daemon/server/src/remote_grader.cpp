#include "proctord/remote_grader.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <array>
#include <stdexcept>

#include "proctord/auth.hpp"
#include "proctord/log.hpp"
#include "proctord/scoring.hpp"

namespace proctord {
namespace {

// Runs that ended are kept this long on the board (for a daemon's
// catch-up after a lost notice), then deleted.
constexpr std::int64_t kKeepFinishedRunsMs = std::int64_t{3600} * 1000;

}  // namespace

std::string grader_name() {
  std::array<char, 256> host{};
  if (::gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  return std::string(host.data()) + ":" + std::to_string(::getpid()) + ":" + random_token(6);
}

RemoteGrader::RemoteGrader(JobBoard& board, GradingService& grading, const Catalog& catalog,
                           RemoteGraderSettings settings)
    : board_(board),
      grading_(grading),
      catalog_(catalog),
      settings_(std::move(settings)),
      freed_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (freed_fd_ < 0) throw std::runtime_error("cannot make an eventfd for the grader");
}

RemoteGrader::~RemoteGrader() {
  ::close(freed_fd_);
}

void RemoteGrader::run(const std::atomic<bool>& stop) {
  const std::unique_ptr<NoticeListener> posted = board_.listen(JobBoard::kPostedChannel);
  while (!stop.load()) {
    try {
      housekeeping();
      claim_runs();
    } catch (const std::exception& failure) {
      // The database is away, most likely: the leases held run out if it
      // stays away, and another grader takes the jobs over.
      log(Level::Error, "grader round failed", {{"error", failure.what()}});
    }
    // Woken by a posted run, by a run of ours that ended, or every half
    // second (jobs whose lease ran out are announced by nobody). Only runs
    // are announced: grade jobs come from housekeeping, which wakes the
    // grading service itself when it posts one.
    posted->wait(500, freed_fd_);
    std::uint64_t count = 0;
    while (::read(freed_fd_, &count, sizeof count) > 0) {
    }
  }
}

// Leases renewed well before they run out; grade jobs posted for attempts
// that wait for one; old finished runs deleted now and then.
void RemoteGrader::housekeeping() {
  const std::int64_t now = now_ms();
  if (now < next_housekeeping_ms_) return;
  next_housekeeping_ms_ = now + std::min<std::int64_t>(1000, settings_.lease_ms / 3);
  board_.renew(settings_.owner, settings_.lease_ms);
  if (board_.post_grades(now - settings_.settle_ms) > 0) grading_.wake();
  if (now >= next_forget_ms_) {
    next_forget_ms_ = now + std::int64_t{60} * 1000;
    board_.forget_runs(kKeepFinishedRunsMs);
  }
}

void RemoteGrader::claim_runs() {
  while (claimed_.load() < settings_.max_claimed) {
    const std::optional<Job> job = board_.claim("run", settings_.owner, settings_.lease_ms);
    if (!job) return;
    start(*job);
  }
}

void RemoteGrader::start(const Job& job) {
  const std::string name = job.input ? "custom" : "samples";
  if (job.tries > settings_.max_tries) {
    finish(job.id, "failed",
           {service_failure(
               name, "this run stopped its grader " + std::to_string(job.tries - 1) + " times")});
    return;
  }
  const ProblemPtr problem = catalog_.version(job.version);
  if (!problem) {
    finish(job.id, "failed",
           {service_failure(
               name, "the problem version " + job.version + " is not available to the graders")});
    return;
  }
  ++claimed_;
  grading_.run_claimed(job.attempt, problem, job.code, job.input,
                       [this, id = job.id](const RunOutcome& outcome) {
                         if (outcome.cancelled) {
                           // This grader is stopping: another one runs it.
                           try {
                             board_.abandon(id, settings_.owner);
                           } catch (const std::exception&) {
                             // Its lease runs out by itself.
                           }
                         } else {
                           finish(id, "done", outcome.tests);
                         }
                         --claimed_;
                         const std::uint64_t one = 1;
                         if (::write(freed_fd_, &one, sizeof one) < 0) {
                           // Full counter: the loop is due to wake anyway.
                         }
                       });
}

void RemoteGrader::finish(std::int64_t id, const std::string& state,
                          const std::vector<grading::TestResult>& tests) {
  try {
    if (!board_.finish_run(id, settings_.owner, state, tests)) {
      log(Level::Warning, "lost a run job to another grader", {{"job", std::to_string(id)}});
    }
  } catch (const std::exception& failure) {
    // Not recorded: the lease runs out and another grader runs it again.
    log(Level::Error, "cannot record a run's result",
        {{"job", std::to_string(id)}, {"error", failure.what()}});
  }
}

}  // namespace proctord
