#include "pysandbox/pool.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "fd_io.hpp"
#include "pysandbox/warm.hpp"
#include "unique_fd.hpp"
#include "wire.hpp"

namespace pysandbox {
namespace {

// ------------------------------------------------------------- a worker

[[noreturn]] void worker_main(int fd, Pool::Mode mode) {
  // A worker never outlives the process that owns the pool.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  std::optional<WarmRunner> warm;
  if (mode == Pool::Mode::Warm) warm.emplace();
  std::string message;
  while (receive_message(fd, message)) {
    RunResult result;
    try {
      PoolJob job = decode_job(message);
      UniqueFd input;
      if (!job.stdin_path.empty()) {
        input.reset(::open(job.stdin_path.c_str(), O_RDONLY | O_CLOEXEC));
        if (!input.valid()) {
          throw std::runtime_error("cannot open " + job.stdin_path + ": " + std::strerror(errno));
        }
        job.request.stdin_fd = input.get();
      }
      result = warm ? warm->run(job.request) : run(job.request);
    } catch (const std::exception& error) {
      result.verdict = Verdict::InternalError;
      result.detail = error.what();
    }
    if (!send_message(fd, encode_result(result))) break;
    try {
      if (warm) warm->refresh();  // off the clock of any run
    } catch (const std::exception&) {
      warm.reset();  // never let the worker die of it: run cold from now on
    }
  }
  ::_exit(0);
}

// Each worker, and with it its template and every run it starts, stays on
// one CPU: a run's memory is then live on one CPU only, and the kernel needs
// no cross-CPU TLB shootdown for each copy-on-write fault (costly on virtual
// machines, where the interrupt to the other CPU leaves the guest). Workers
// take the CPUs this process may use in turn.
void pin_to_one_cpu(std::size_t index) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (::sched_getaffinity(0, sizeof allowed, &allowed) != 0) return;
  const auto count = static_cast<std::size_t>(CPU_COUNT(&allowed));
  if (count <= 1) return;
  std::size_t wanted = index % count;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &allowed) || wanted-- > 0) continue;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    ::sched_setaffinity(0, sizeof one, &one);  // a hint: failing costs speed only
    return;
  }
}

std::pair<pid_t, int> spawn_worker(Pool::Mode mode, std::size_t index) {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    throw std::runtime_error(std::string("pool: socketpair: ") + std::strerror(errno));
  }
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("pool: fork: ") + std::strerror(errno));
  if (pid == 0) {
    // Only its own socket: a worker replaced while the daemon runs would
    // otherwise hold the daemon's client connections, listening socket
    // and database open.
    const int keep = pair[1];
    if (keep > 3) ::close_range(3, static_cast<unsigned>(keep) - 1, 0);
    ::close_range(static_cast<unsigned>(keep) + 1, ~0U, 0);
    pin_to_one_cpu(index);
    worker_main(keep, mode);
  }
  ::close(pair[1]);
  return {pid, pair[0]};
}

}  // namespace

std::string encode_job(const PoolJob& job) {
  Writer out;
  const RunRequest& r = job.request;
  write_box_files(out, r.box_files);
  out.bytes(r.main_file);
  out.u64(r.scratch_files.size());
  for (const ScratchFile& file : r.scratch_files) {
    out.bytes(file.name);
    out.bytes(file.host_path);
  }
  out.bytes(r.stdin_data);
  out.bytes(job.stdin_path);
  out.bytes(r.python);
  write_limits(out, r.limits);
  out.u64(r.slot ? *r.slot + 1 : 0);
  return out.take();
}

PoolJob decode_job(const std::string& bytes) {
  Reader in(bytes);
  PoolJob job;
  RunRequest& r = job.request;
  r.box_files = read_box_files(in);
  r.main_file = in.bytes();
  for (std::uint64_t n = in.count(16); n > 0; --n) {
    ScratchFile file;
    file.name = in.bytes();
    file.host_path = in.bytes();
    r.scratch_files.push_back(std::move(file));
  }
  r.stdin_data = in.bytes();
  job.stdin_path = in.bytes();
  r.python = in.bytes();
  r.limits = read_limits(in);
  if (const std::uint64_t slot = in.u64(); slot > 0) r.slot = static_cast<std::uint32_t>(slot - 1);
  return job;
}

std::string encode_result(const RunResult& result) {
  Writer out;
  out.u64(static_cast<std::uint64_t>(result.verdict));
  out.u64(result.exit_code ? static_cast<std::uint64_t>(*result.exit_code) + 1 : 0);
  out.u64(result.signal ? static_cast<std::uint64_t>(*result.signal) + 1 : 0);
  out.u64(result.cpu_ms);
  out.u64(result.wall_ms);
  out.u64(result.memory_kb);
  out.bytes(result.stdout_data);
  out.bytes(result.stderr_data);
  out.bytes(result.detail);
  return out.take();
}

RunResult decode_result(const std::string& bytes) {
  Reader in(bytes);
  RunResult result;
  const std::uint64_t verdict = in.u64();
  if (verdict > static_cast<std::uint64_t>(Verdict::InternalError)) {
    throw std::runtime_error("pool: bad verdict");
  }
  result.verdict = static_cast<Verdict>(verdict);
  if (const std::uint64_t code = in.u64(); code > 0) result.exit_code = static_cast<int>(code - 1);
  if (const std::uint64_t signal = in.u64(); signal > 0)
    result.signal = static_cast<int>(signal - 1);
  result.cpu_ms = in.u64();
  result.wall_ms = in.u64();
  result.memory_kb = in.u64();
  result.stdout_data = in.bytes();
  result.stderr_data = in.bytes();
  result.detail = in.bytes();
  return result;
}

Pool::Pool(unsigned workers, Mode mode) : mode_(mode) {
  workers_.resize(std::max(1U, workers));
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    std::tie(workers_[i].pid, workers_[i].fd) = spawn_worker(mode_, i);
  }
}

Pool::~Pool() {
  for (Worker& worker : workers_) {
    ::close(worker.fd);  // the worker sees end-of-file and exits
    ::kill(worker.pid, SIGKILL);
    while (::waitpid(worker.pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
}

void Pool::submit(PoolJob job, Done done) {
  queue_.emplace_back(std::move(job), std::move(done));
  dispatch();
}

void Pool::dispatch() {
  for (Worker& worker : workers_) {
    if (queue_.empty()) return;
    if (worker.busy) continue;
    auto [job, done] = std::move(queue_.front());
    queue_.pop_front();
    if (!send_message(worker.fd, encode_job(job))) {
      replace(worker, "a sandbox worker died");
      queue_.emplace_front(std::move(job), std::move(done));
      continue;
    }
    worker.busy = true;
    worker.done = std::move(done);
    ++busy_;
  }
}

// A worker that died mid-job (it never should) costs that job an
// INTERNAL_ERROR and is replaced; the pool goes on.
void Pool::replace(Worker& worker, const std::string& why) {
  ::close(worker.fd);
  ::kill(worker.pid, SIGKILL);
  while (::waitpid(worker.pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  std::tie(worker.pid, worker.fd) =
      spawn_worker(mode_, static_cast<std::size_t>(&worker - workers_.data()));
  if (worker.busy) {
    worker.busy = false;
    --busy_;
    RunResult failed;
    failed.verdict = Verdict::InternalError;
    failed.detail = why;
    Done done = std::move(worker.done);
    done(std::move(failed));
  }
}

int Pool::poll_once(int timeout_ms, std::vector<pollfd>* also) {
  std::vector<pollfd> fds;
  for (const Worker& worker : workers_) {
    fds.push_back({worker.fd, static_cast<short>(worker.busy ? POLLIN : 0), 0});
  }
  if (also != nullptr) fds.insert(fds.end(), also->begin(), also->end());
  const int ready = ::poll(fds.data(), fds.size(), timeout_ms);
  if (also != nullptr) {
    for (std::size_t i = 0; i < also->size(); ++i) {
      (*also)[i].revents = ready > 0 ? fds[workers_.size() + i].revents : 0;
    }
  }
  if (ready <= 0) return 0;
  int completed = 0;
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    Worker& worker = workers_[i];
    if (!worker.busy || fds[i].revents == 0) continue;
    std::string message;
    RunResult result;
    if (!receive_message(worker.fd, message)) {
      replace(worker, "a sandbox worker died during a run");
      ++completed;
      continue;
    }
    try {
      result = decode_result(message);
    } catch (const std::exception& error) {
      result.verdict = Verdict::InternalError;
      result.detail = error.what();
    }
    worker.busy = false;
    --busy_;
    Done done = std::move(worker.done);
    done(std::move(result));
    ++completed;
  }
  dispatch();
  return completed;
}

void Pool::run_until_idle() {
  while (pending() > 0) poll_once(1000);
}

}  // namespace pysandbox
