// Theory of operation
// ===================
//
// Three processes take part in a run:
//
//   supervisor (the caller of run(), single-threaded, root on the host)
//     └─ init     pid 1 of fresh user/pid/mount/net/ipc/uts namespaces, in
//        │        the run's cgroup; builds the root file system, then waits
//        └─ payload  drops to an unprivileged uid, loads the seccomp filter,
//                    and becomes python3 running /box/main.py
//
// 1. The supervisor prepares everything the children need in a ChildPlan
//    (mount list, argv, environment, the compiled BPF filter), creates the
//    run's cgroup, pipes for stdout/stderr/status/errors and a socketpair
//    for the seccomp listener, then clone()s init into new namespaces.
// 2. While init waits on the sync pipe, the supervisor writes its uid/gid
//    maps (namespace root -> an unprivileged host uid, payload uid -> another)
//    and moves it into the cgroup, so every process of the run is counted
//    from its first instruction. Then it writes "go".
// 3. init builds a tmpfs root holding only read-only binds of python3, its
//    standard library and shared libraries, four device nodes, /box (the
//    program) and a size-capped tmpfs at /tmp; pivots into it, detaches the
//    host tree and remounts the root read-only. It forks the payload and
//    reaps until the payload ends, then reports its wait status. Being pid
//    1, its death kills every process left in the namespace.
// 4. The payload starts a new session, keeps only fds 0-2 (plus two private
//    channels, closed before exec), sets rlimits, drops to uid 1000 with no
//    capabilities and no_new_privs, loads the filter with a user-notification
//    listener, passes the listener to the supervisor and execs python3.
// 5. The supervisor's poll loop reads output (bounded), feeds stdin, watches
//    CPU time (cgroup) and wall time, and answers seccomp notifications: the
//    payload's first execve is let through, any other forbidden call ends the
//    run as SECURITY_VIOLATION with the call's name.
// 6. At the end the supervisor kills init (and so the namespace), kills what
//    the cgroup still lists, reads CPU and peak memory from the cgroup,
//    removes it, and classifies (verdict.cpp).
//
// A failure of any step of ours is INTERNAL_ERROR; nothing runs with fewer
// layers than configured.

#include "pysandbox/sandbox.hpp"

#include <fcntl.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

#include "bootstrap.hpp"
#include "cgroup.hpp"
#include "child.hpp"
#include "environment.hpp"
#include "pysandbox/warm.hpp"
#include "seccomp_policy.hpp"
#include "unique_fd.hpp"
#include "verdict.hpp"
#include "warm_plan.hpp"
#include "wire.hpp"

namespace pysandbox {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Host uids for runs: far above any real account.
constexpr uid_t kHostUidBase = 1'900'000'000;
constexpr std::uint32_t kSlots = 1'000'000;
constexpr std::size_t kStderrTail = 4096;

[[noreturn]] void fail(const std::string& what, int err = errno) {
  throw std::runtime_error(what + ": " + std::strerror(err));
}

// The warm template failed before any of the program ran: the caller may
// replace it and run cold.
struct TemplateFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A standby that could not take its run (it died while it waited): the
// run is built as usual, and nothing says the template failed.
struct StandbyGone : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// How long a template may take to answer a run before it counts as hung.
constexpr int kTemplateAnswerMs = 2000;

std::pair<UniqueFd, UniqueFd> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) fail("pipe");
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// Only our end may be non-blocking: O_NONBLOCK belongs to the open file
// description, and the program's end must block like any stdout.
void make_nonblocking(const UniqueFd& fd) {
  if (::fcntl(fd.get(), F_SETFL, O_NONBLOCK) != 0) fail("fcntl(O_NONBLOCK)");
}

std::uint64_t random_u64() {
  std::uint64_t value = 0;
  if (::getrandom(&value, sizeof value, 0) != sizeof value) fail("getrandom");
  return value;
}

std::string random_hex() {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string name = "run-";
  for (std::uint64_t value = random_u64(), i = 0; i < 16; ++i, value >>= 4) {
    name += kDigits[value & 15];
  }
  return name;
}

bool plain_name(const std::string& name) {
  return !name.empty() && name.size() < 200 && name.find('/') == std::string::npos && name != "." &&
         name != ".." && name.find('\0') == std::string::npos;
}

// ------------------------------------------------------------ root layout

void add_path(std::vector<MountStep>& steps, const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(path, ec);
  if (ec || !fs::exists(status)) return;
  if (fs::is_symlink(status)) {
    steps.push_back({MountStep::Kind::Symlink, fs::read_symlink(path).string(), path, false});
  } else {
    steps.push_back({MountStep::Kind::ReadOnlyBind, path, path, fs::is_directory(status)});
  }
}

// Only what python3 and its standard library need: the interpreter, its
// lib/pythonX.Y, the dynamic loader and the shared-library directories
// (whole directories: a bind per library would cost more than the rest of
// the set-up), time-zone data, and four harmless devices.
struct RootLayout {
  std::vector<MountStep> mounts;
  std::vector<std::string> directories{"/box", "/tmp", "/dev"};
  std::string python;  // the real interpreter path
};

std::string stdlib_dir(const fs::path& interpreter) {
  const fs::path prefix = interpreter.parent_path().parent_path();
  const std::string name = interpreter.filename().string();  // python3.11
  if (name.rfind("python3.", 0) == 0 && fs::is_directory(prefix / "lib" / name)) {
    return (prefix / "lib" / name).string();
  }
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(prefix / "lib", ec)) {
    const std::string dir = entry.path().filename().string();
    if (dir.rfind("python3.", 0) == 0 && fs::exists(entry.path() / "os.py")) {
      return entry.path().string();
    }
  }
  throw std::runtime_error("cannot find the standard library of " + interpreter.string());
}

RootLayout build_layout(const std::string& python) {
  std::error_code ec;
  const fs::path real = fs::canonical(python, ec);
  if (ec) throw std::runtime_error("python interpreter " + python + ": " + ec.message());
  if (::access(real.c_str(), X_OK) != 0) fail("python interpreter " + real.string());
  RootLayout layout;
  layout.python = real.string();
  layout.mounts.push_back({MountStep::Kind::ReadOnlyBind, real, real, false});
  layout.mounts.push_back(
      {MountStep::Kind::ReadOnlyBind, stdlib_dir(real), stdlib_dir(real), true});
#if defined(__x86_64__)
  const char* triplet = "x86_64-linux-gnu";
#elif defined(__aarch64__)
  const char* triplet = "aarch64-linux-gnu";
#else
  const char* triplet = "";
#endif
  // Symlinks first (merged /usr: /lib -> usr/lib), then real directories;
  // a path that only exists through a symlink is covered by its target.
  for (const std::string& path :
       {std::string("/lib"), std::string("/lib64"), std::string("/usr/lib64"),
        "/lib/" + std::string(triplet), "/usr/lib/" + std::string(triplet),
        // The loader's cache: without it every library is searched for in a
        // dozen hwcaps directories (a millisecond per start).
        std::string("/etc/ld.so.cache"),
        // LANG=C.UTF-8 names this locale; Debian ships it as files.
        std::string("/usr/lib/locale/C.utf8"), std::string("/usr/share/zoneinfo")}) {
    const fs::path parent = fs::path(path).parent_path();
    if (fs::canonical(parent, ec) != parent) continue;
    add_path(layout.mounts, path);
  }
  for (const char* device : {"/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"}) {
    layout.mounts.push_back({MountStep::Kind::DeviceBind, device, device, false});
  }
  return layout;
}

// An empty network namespace made once per supervisor process and owned by
// the host's user namespace, so the sandbox's namespace root has no
// CAP_NET_ADMIN over it (it cannot even bring up loopback). Runs of one
// supervisor follow each other and every process of a run is dead before
// the next starts, so no socket outlives its run. Creating and, above all,
// tearing down a network namespace per run costs several milliseconds of
// kernel work (RCU grace periods in cleanup_net).
class EmptyNetwork {
 public:
  EmptyNetwork() {
    UniqueFd original(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    if (!original.valid()) fail("opening our network namespace");
    if (::unshare(CLONE_NEWNET) != 0) fail("creating an empty network namespace");
    empty_.reset(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    const int err = errno;
    if (::setns(original.get(), CLONE_NEWNET) != 0) fail("returning to our network namespace");
    if (!empty_.valid()) fail("opening the empty network namespace", err);
  }
  [[nodiscard]] int fd() const { return empty_.get(); }

 private:
  UniqueFd empty_;
};

// Puts the calling thread into another network namespace for its lifetime,
// so that a child cloned meanwhile is born there.
class NetworkSwitch {
 public:
  explicit NetworkSwitch(int target) {
    original_.reset(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    if (!original_.valid()) fail("opening our network namespace");
    if (::setns(target, CLONE_NEWNET) != 0) fail("entering the empty network namespace");
  }
  ~NetworkSwitch() {
    if (::setns(original_.get(), CLONE_NEWNET) != 0) std::abort();  // never run elsewhere
  }
  NetworkSwitch(const NetworkSwitch&) = delete;
  NetworkSwitch& operator=(const NetworkSwitch&) = delete;

 private:
  UniqueFd original_;
};

struct Host {
  std::unique_ptr<CgroupHierarchy> cgroups;
  std::unique_ptr<EmptyNetwork> network;
  std::map<std::string, RootLayout> layouts;  // by interpreter path
  sock_fprog filter{};
};

// What is worked out once per process: the cgroup hierarchy, the compiled
// filter and the root layout of each interpreter.
Host& host() {
  static Host instance = [] {
    Host h;
    h.cgroups = CgroupHierarchy::detect_host();
    h.network = std::make_unique<EmptyNetwork>();
    const SeccompProgram& program = candidate_policy();
    h.filter.len = static_cast<unsigned short>(program.instructions.size());
    h.filter.filter = const_cast<sock_filter*>(program.instructions.data());
    return h;
  }();
  return instance;
}

const RootLayout& layout_for(const std::string& python) {
  auto& layouts = host().layouts;
  auto found = layouts.find(python);
  if (found == layouts.end()) found = layouts.emplace(python, build_layout(python)).first;
  return found->second;
}

// ------------------------------------------------------------ the run

void write_id_maps(pid_t pid, std::uint32_t slot) {
  const uid_t init_id = kHostUidBase + 2 * slot;
  const std::string map = std::to_string(kInitUid) + " " + std::to_string(init_id) + " 1\n" +
                          std::to_string(kPayloadUid) + " " + std::to_string(init_id + 1) + " 1\n";
  const std::string proc = "/proc/" + std::to_string(pid);
  write_text_file(proc + "/uid_map", map);
  write_text_file(proc + "/gid_map", map);
}

// Standard input is never handed over writable: a regular file or pipe is
// opened again read-only; anything else is refused.
UniqueFd reopen_read_only(int fd) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) fail("stdin");
  if (!S_ISREG(info.st_mode) && !S_ISFIFO(info.st_mode)) {
    throw std::runtime_error("stdin must be a regular file or a pipe");
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  UniqueFd copy(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!copy.valid()) fail("re-opening stdin read-only");
  if (S_ISREG(info.st_mode)) {
    const off_t offset = ::lseek(fd, 0, SEEK_CUR);
    if (offset > 0) ::lseek(copy.get(), offset, SEEK_SET);
  }
  return copy;
}

class Run {
 public:
  Run(const RunRequest& request, WarmTemplate* warm)
      : request_(&request), limits_(request.limits), warm_(warm) {}
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;
  // A run abandoned half-way (an exception after clone) still leaves no
  // process behind.
  ~Run() {
    if (init_pid_ > 0 && !reaped_) {
      signal_init(SIGKILL);
      wait_for_init();
    }
  }

  RunResult execute() {
    validate_request();
    prepare();
    start();
    watch();
    return finish();
  }

  // A standby (warm, cgroup v1 only): everything of a run that does not
  // depend on its request, built now: the cgroup, the pipes, init in its
  // namespaces with its uid maps and the root, and the payload waiting
  // unconfined for its run. `shape` (python, limits, slot) must outlive
  // this.
  void prepare_standby() {
    standby_ = true;
    prepare();
    start();
    wait_until_ready();
  }

  // Until the payload says it waits for its run (so that none of the
  // building is left to the run's clock); a set-up failure is reported.
  void wait_until_ready() {
    pollfd ready{standby_order_.get(), POLLIN, 0};
    char byte = 0;
    if (::poll(&ready, 1, kTemplateAnswerMs) != 1 || ::read(standby_order_.get(), &byte, 1) != 1 ||
        byte != 'R') {
      pollfd failed{error_r_.get(), POLLIN, 0};
      if (::poll(&failed, 1, 0) == 1) read_setup_error();
      throw std::runtime_error("the standby sandbox did not get ready" +
                               (seen_.setup_error.empty() ? "" : ": " + seen_.setup_error));
    }
  }

  // Whether this standby can take `request`: the same interpreter, no test
  // files to bind and the same scratch size (init mounted /tmp already),
  // and any uid slot asked for is its own.
  [[nodiscard]] bool fits(const RunRequest& request) const {
    return request.python == request_->python && request.scratch_files.empty() &&
           request.limits.scratch_kb == limits_.scratch_kb &&
           (!request.slot || *request.slot == slot_);
  }

  // A standby whose init has died while it waited (with its template, or
  // killed by anyone): it can take no run.
  [[nodiscard]] bool gone() const {
    pollfd died{init_fd_.get(), POLLIN, 0};
    return !init_fd_.valid() || ::poll(&died, 1, 0) != 0;
  }

  // Hands `request` to the waiting payload and runs it as execute() does;
  // `request` must fit. The clock starts now: the standby's set-up is not
  // the run's.
  RunResult execute_standby(const RunRequest& request) {
    request_ = &request;
    const Limits shape = limits_;
    limits_ = request.limits;
    validate_request();
    if (limits_.memory_mb != shape.memory_mb || limits_.max_tasks != shape.max_tasks) {
      cgroup_->set_limits(CgroupLimits{limits_.memory_mb << 20, limits_.max_tasks});
    }
    prepare_stdin();
    const UniqueFd box_bytes = box_bytes_memfd(request.box_files);
    if (!send_message(standby_order_.get(),
                      encode_standby_order("/box/" + request.main_file, request.box_files, limits_),
                      {stdin_child_.get(), box_bytes.get()})) {
      throw StandbyGone("the standby sandbox was gone");
    }
    stdin_child_.reset();
    standby_order_.reset();
    started_ = Clock::now();
    watch();
    return finish();
  }

 private:
  void prepare() {
    if (::geteuid() != 0) {
      throw std::runtime_error("pysandbox must run as root (namespaces, cgroups, uid maps)");
    }
    Host& h = host();
    const RootLayout& layout = layout_for(request_->python);
    // Names and uids must not collide with runs of other supervisors, which
    // may live in other pid namespaces and so share our pid.
    cgroup_ = h.cgroups->create_run(random_hex(),
                                    CgroupLimits{limits_.memory_mb << 20, limits_.max_tasks});
    slot_ = request_->slot ? *request_->slot : static_cast<std::uint32_t>(random_u64() % kSlots);

    auto [out_r, out_w] = make_pipe();
    auto [err_r, err_w] = make_pipe();
    make_nonblocking(out_r);
    make_nonblocking(err_r);
    auto [sync_r, sync_w] = make_pipe();
    auto [status_r, status_w] = make_pipe();
    auto [error_r, error_w] = make_pipe();
    out_r_ = std::move(out_r);
    err_r_ = std::move(err_r);
    sync_w_ = std::move(sync_w);
    status_r_ = std::move(status_r);
    error_r_ = std::move(error_r);
    child_ends_ = {std::move(out_w), std::move(err_w), std::move(sync_r), std::move(status_w),
                   std::move(error_w)};
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) fail("socketpair");
    listener_r_.reset(pair[0]);
    listener_w_.reset(pair[1]);
    for (const std::string& file : cgroup_->task_files()) {
      UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CLOEXEC));
      if (!fd.valid()) fail("cannot open " + file);
      plan_.cgroup_tasks.push_back(fd.get());
      task_fds_.push_back(std::move(fd));
    }
    if (standby_) {
      // The payload's stdin slot carries, until its run, the socket the
      // run comes on (take_standby_run in the template).
      int order[2];
      if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, order) != 0) fail("socketpair");
      standby_order_.reset(order[0]);
      stdin_child_.reset(order[1]);
    } else {
      prepare_stdin();
    }
    for (const ScratchFile& file : request_->scratch_files) {
      // Checked here for a clear message; init opens it again for the bind.
      if (::access(file.host_path.c_str(), R_OK) != 0) fail("test file " + file.host_path);
      plan_.scratch.push_back({file.name, file.host_path});
    }
    fill_plan(layout, h);
  }

  void validate_request() {
    bool has_main = false;
    for (const BoxFile& file : request_->box_files) {
      if (!plain_name(file.name)) throw std::runtime_error("bad box file name: " + file.name);
      has_main = has_main || file.name == request_->main_file;
    }
    if (!has_main) throw std::runtime_error("the main file is not among the box files");
    if (request_->scratch_files.size() > kMaxScratchFiles) {
      throw std::runtime_error("more than " + std::to_string(kMaxScratchFiles) + " test files");
    }
    for (const ScratchFile& file : request_->scratch_files) {
      if (!plain_name(file.name)) throw std::runtime_error("bad scratch file name: " + file.name);
    }
    if (request_->slot && *request_->slot >= kSlots) {
      throw std::runtime_error("slot must be below " + std::to_string(kSlots));
    }
    if (limits_.cpu_ms == 0 || limits_.wall_ms == 0 || limits_.memory_mb < 16 ||
        limits_.max_tasks < 2 || limits_.scratch_kb == 0) {
      throw std::runtime_error("limits too small to start python");
    }
  }

  void prepare_stdin() {
    if (request_->stdin_fd >= 0) {
      stdin_child_ = reopen_read_only(request_->stdin_fd);
      return;
    }
    auto [in_r, in_w] = make_pipe();
    stdin_child_ = std::move(in_r);
    if (request_->stdin_data.empty()) return;  // the write end closes: EOF at once
    stdin_w_ = std::move(in_w);
    make_nonblocking(stdin_w_);
  }

  void fill_plan(const RootLayout& layout, const Host& h) {
    plan_.sync_read = child_ends_[2].get();
    plan_.status_write = child_ends_[3].get();
    plan_.error_write = child_ends_[4].get();
    plan_.listener_send = listener_w_.get();
    plan_.stdin_fd = stdin_child_.get();
    plan_.stdout_fd = child_ends_[0].get();
    plan_.stderr_fd = child_ends_[1].get();
    plan_.keep_closed = {out_r_.get(),    err_r_.get(),   sync_w_.get(),
                         status_r_.get(), error_r_.get(), listener_r_.get()};
    if (stdin_w_.valid()) plan_.keep_closed.push_back(stdin_w_.get());
    if (standby_order_.valid()) plan_.keep_closed.push_back(standby_order_.get());
    plan_.mounts = layout.mounts;
    plan_.directories = layout.directories;
    plan_.box_files = &request_->box_files;
    plan_.root_options = "size=16m,nr_inodes=4096,mode=0755";
    plan_.scratch_options =
        "size=" + std::to_string(limits_.scratch_kb) + "k,nr_inodes=16384,mode=1777";
    plan_.python = layout.python;
    // -I: no environment, no user site, no script directory on sys.path;
    // -S: no site module (see bootstrap.py); -B: the root is read-only anyway.
    plan_.argv_storage = {
        "python3", "-I", "-S", "-B", "-X", "utf8", "-c", kBootstrap, "/box/" + request_->main_file};
    for (auto& arg : plan_.argv_storage) plan_.argv.push_back(arg.data());
    plan_.argv.push_back(nullptr);
    plan_.env_storage = sandbox_environment();
    for (auto& var : plan_.env_storage) plan_.envp.push_back(var.data());
    plan_.envp.push_back(nullptr);
    plan_.limits = limits_;
    plan_.seccomp = &h.filter;
    plan_.standby = standby_;
  }

  void start() {
    started_ = Clock::now();
    if (warm_ != nullptr) {
      start_in_template();
    } else {
      clone_init();
    }
    for (UniqueFd& end : child_ends_) end.reset();
    stdin_child_.reset();
    listener_w_.reset();
    task_fds_.clear();
    write_id_maps(init_pid_, slot_);
    if (::write(sync_w_.get(), "G", 1) != 1) fail("starting the sandbox");
    sync_w_.reset();
  }

  void clone_init() {
    // clone3: a pidfd comes back at once, and on cgroup v2 init is born
    // inside the run's group (CLONE_INTO_CGROUP), with no migration.
    int pidfd = -1;
    clone_args args = init_clone_args(&pidfd, cgroup_->directory_fd());
    long pid = -1;
    {
      const NetworkSwitch in_empty_network(host().network->fd());
      pid = ::syscall(SYS_clone3, &args, sizeof args);
      if (pid == 0) {
        run_init(plan_);
        ::_exit(127);  // never reached: a cold payload execs or dies
      }
    }
    if (pid < 0) fail("clone3 into new namespaces (Linux 5.7+, user namespaces enabled?)");
    init_pid_ = static_cast<pid_t>(pid);
    init_fd_.reset(pidfd);
    init_handle_.reset(::fcntl(pidfd, F_DUPFD_CLOEXEC, 3));
  }

  // The template clones init instead of us (so init is its child, not
  // ours: we follow it by pidfd and never wait for it).
  void start_in_template() {
    const int control = warm_->socket();
    const int directory = cgroup_->directory_fd();
    const UniqueFd box_bytes = box_bytes_memfd(request_->box_files);
    plan_.box_bytes_fd = box_bytes.get();
    if (!send_message(control,
                      encode_warm_plan(plan_, "/box/" + request_->main_file, directory >= 0),
                      warm_plan_fds(plan_, directory))) {
      throw TemplateFailure("the warm template stopped taking runs");
    }
    pollfd ready{control, POLLIN, 0};
    if (::poll(&ready, 1, kTemplateAnswerMs) != 1) {
      throw TemplateFailure("the warm template did not answer within 2 s");
    }
    std::string answer;
    std::vector<int> fds;
    const bool received = receive_message(control, answer, &fds);
    std::vector<UniqueFd> owned;
    owned.reserve(fds.size());
    for (const int fd : fds) owned.emplace_back(fd);
    if (!received) throw TemplateFailure("the warm template closed its socket");
    Reader in(answer);
    const bool ok = in.u64() == 1;
    const auto pid = static_cast<pid_t>(in.u64());
    const std::string error = in.bytes();
    if (!ok || owned.size() != 1) throw TemplateFailure("the warm template refused: " + error);
    warm_->count_run();
    init_pid_ = pid;
    init_fd_ = std::move(owned[0]);
    init_handle_.reset(::fcntl(init_fd_.get(), F_DUPFD_CLOEXEC, 3));
  }

  // Through the pidfd: a warm init is reaped by its template as soon as it
  // dies, so its pid may name another process by then.
  void signal_init(int signal) {
    if (init_handle_.valid()) {
      ::syscall(SYS_pidfd_send_signal, init_handle_.get(), signal, nullptr, 0);
    } else if (warm_ == nullptr && init_pid_ > 0) {
      ::kill(init_pid_, signal);
    }
  }

  // Cold: reap our child. Warm: wait (bounded) until the pidfd says init is
  // gone, so the run's cgroup can be emptied and removed.
  void wait_for_init() {
    if (warm_ == nullptr) {
      while (::waitpid(init_pid_, nullptr, 0) < 0 && errno == EINTR) {
      }
    } else if (init_handle_.valid()) {
      pollfd gone{init_handle_.get(), POLLIN, 0};
      while (::poll(&gone, 1, 2000) < 0 && errno == EINTR) {
      }
    }
    reaped_ = true;
  }

  // ---------------------------------------------------------- poll loop

  void kill_everything() {
    if (killed_) return;
    killed_ = true;
    signal_init(SIGKILL);
    cgroup_->kill_all();
  }

  void read_output(UniqueFd& fd, std::string& into) {
    char buffer[65536];
    for (;;) {
      const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0 && errno == EAGAIN) return;
      if (got <= 0) {
        fd.reset();
        return;
      }
      const std::size_t limit = limits_.output_kb * 1024;
      output_total_ += static_cast<std::size_t>(got);
      const std::size_t room = limit > output_total_ - static_cast<std::size_t>(got)
                                   ? limit - (output_total_ - static_cast<std::size_t>(got))
                                   : 0;
      into.append(buffer, std::min(room, static_cast<std::size_t>(got)));
      if (output_total_ > limit) {
        seen_.output_exceeded = true;
        kill_everything();
        fd.reset();
        return;
      }
    }
  }

  void feed_stdin() {
    const std::string& data = request_->stdin_data;
    while (stdin_offset_ < data.size()) {
      const ssize_t put = ::write(stdin_w_.get(), data.data() + stdin_offset_,
                                  std::min<std::size_t>(data.size() - stdin_offset_, 65536));
      if (put < 0 && errno == EINTR) continue;
      if (put < 0 && errno == EAGAIN) return;
      if (put <= 0) break;  // the program closed its stdin: fine
      stdin_offset_ += static_cast<std::size_t>(put);
    }
    stdin_w_.reset();
  }

  void receive_listener() {
    char byte = 0;
    iovec io{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr message{};
    message.msg_iov = &io;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    const ssize_t got = ::recvmsg(listener_r_.get(), &message, MSG_CMSG_CLOEXEC);
    listener_r_.reset();
    if (got != 1) return;
    for (cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr;
         header = CMSG_NXTHDR(&message, header)) {
      if (header->cmsg_level != SOL_SOCKET) continue;
      if (header->cmsg_type == SCM_RIGHTS) {
        int fd = -1;
        std::memcpy(&fd, CMSG_DATA(header), sizeof fd);
        listener_.reset(fd);
        // Warm: the filter is in place and nothing is left to set up; the
        // program starts now (cold: at its first execve, below).
        if (warm_ != nullptr) program_started_ = true;
      }
    }
  }

  // One forbidden call, or the payload's own execve of python3.
  void answer_notification() {
    seccomp_notif request{};
    if (::ioctl(listener_.get(), SECCOMP_IOCTL_NOTIF_RECV, &request) != 0) {
      if (errno != EINTR && errno != ENOENT) listener_.reset();
      return;
    }
    if (request.data.arch == native_audit_arch() && request.data.nr == __NR_execve &&
        warm_ == nullptr && !program_started_) {
      program_started_ = true;
      seccomp_notif_resp response{};
      response.id = request.id;
      response.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
      if (::ioctl(listener_.get(), SECCOMP_IOCTL_NOTIF_SEND, &response) != 0 && errno != ENOENT) {
        seen_.setup_error = std::string("letting python3 start: ") + std::strerror(errno);
        kill_everything();
      }
      return;
    }
    seen_.violation = syscall_name(request.data.nr);
    kill_everything();
  }

  void check_clocks() {
    const auto elapsed = Clock::now() - started_;
    if (elapsed > std::chrono::milliseconds(limits_.wall_ms)) {
      seen_.wall_exceeded = true;
      kill_everything();
    }
    // Over the CPU limit: stop now rather than at the next RLIMIT_CPU second.
    if (!killed_ && cgroup_->cpu_ns() / 1'000'000 > limits_.cpu_ms) kill_everything();
  }

  void read_status() {
    PayloadStatus status;
    if (::read(status_r_.get(), &status, sizeof status) == sizeof status) {
      seen_.wait_status = status.wait_status;
      seen_.scratch_full = status.scratch_full != 0;
    }
    status_r_.reset();
  }

  void read_setup_error() {
    SetupError error;
    if (::read(error_r_.get(), &error, sizeof error) == sizeof error) {
      seen_.setup_error = std::string(setup_step_name(static_cast<SetupStep>(error.step))) + ": " +
                          std::strerror(error.error);
      kill_everything();
    }
    error_r_.reset();
  }

  void watch() {
    // After init has gone, its namespace is dead; output still in the pipes
    // is collected for a short, bounded while.
    std::optional<Clock::time_point> drain_deadline;
    for (;;) {
      std::array<pollfd, 8> fds{};
      std::array<UniqueFd*, 8> owners{};
      nfds_t count = 0;
      const auto watch_fd = [&](UniqueFd& fd, short events) {
        if (!fd.valid()) return;
        fds[count] = {fd.get(), events, 0};
        owners[count++] = &fd;
      };
      watch_fd(out_r_, POLLIN);
      watch_fd(err_r_, POLLIN);
      watch_fd(stdin_w_, POLLOUT);
      watch_fd(listener_r_, POLLIN);
      watch_fd(listener_, POLLIN);
      watch_fd(status_r_, POLLIN);
      watch_fd(error_r_, POLLIN);
      watch_fd(init_fd_, POLLIN);
      const bool output_open = out_r_.valid() || err_r_.valid();
      if (!init_fd_.valid() && (!output_open || Clock::now() > *drain_deadline)) break;

      const int timeout_ms = init_fd_.valid() ? 20 : 5;
      const int ready = ::poll(fds.data(), count, timeout_ms);
      if (ready < 0 && errno != EINTR) fail("poll");
      for (nfds_t i = 0; ready > 0 && i < count; ++i) {
        if (fds[i].revents == 0) continue;
        UniqueFd& fd = *owners[i];
        if (&fd == &out_r_)
          read_output(out_r_, stdout_);
        else if (&fd == &err_r_)
          read_output(err_r_, stderr_);
        else if (&fd == &stdin_w_)
          feed_stdin();
        else if (&fd == &listener_r_)
          receive_listener();
        else if (&fd == &listener_) {
          if (fds[i].revents & POLLIN)
            answer_notification();
          else
            listener_.reset();  // every filtered task is gone
        } else if (&fd == &status_r_)
          read_status();
        else if (&fd == &error_r_)
          read_setup_error();
        else if (&fd == &init_fd_) {
          init_fd_.reset();
          drain_deadline = Clock::now() + std::chrono::milliseconds(200);
        }
      }
      if (init_fd_.valid()) check_clocks();
    }
  }

  RunResult finish() {
    wall_ = Clock::now() - started_;
    // Read whatever init managed to report before it went.
    if (status_r_.valid()) read_status();
    if (error_r_.valid()) read_setup_error();
    kill_everything();
    wait_for_init();
    const CgroupUsage usage = cgroup_->usage();
    cgroup_.reset();

    seen_.cpu_ns = usage.cpu_ns;
    seen_.oom_killed = usage.oom_killed;
    seen_.memory_limit_hit = usage.memory_limit_hit;
    seen_.killed_by_supervisor = seen_.output_exceeded || seen_.wall_exceeded ||
                                 !seen_.violation.empty() ||
                                 usage.cpu_ns / 1'000'000 > limits_.cpu_ms;
    // Whatever ended the sandbox before the program started (even with a
    // wait status: a payload that died in its set-up) is the sandbox's.
    if (!program_started_ && seen_.setup_error.empty() && seen_.violation.empty() &&
        !seen_.wall_exceeded && !seen_.output_exceeded) {
      seen_.setup_error = "the sandbox ended before python started";
    }
    seen_.stderr_tail =
        stderr_.size() > kStderrTail ? stderr_.substr(stderr_.size() - kStderrTail) : stderr_;
    const Classification how = classify(seen_, limits_);
    RunResult result;
    result.verdict = how.verdict;
    result.exit_code = how.exit_code;
    result.signal = how.signal;
    result.detail = how.detail;
    result.cpu_ms = usage.cpu_ns / 1'000'000;
    result.wall_ms = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(wall_).count());
    result.memory_kb = usage.memory_peak_bytes / 1024;
    result.stdout_data = std::move(stdout_);
    result.stderr_data = std::move(stderr_);
    return result;
  }

  const RunRequest* request_;  // a standby's: its shape until its run comes
  Limits limits_;
  WarmTemplate* warm_;  // null: a cold run
  ChildPlan plan_;
  std::unique_ptr<RunCgroup> cgroup_;
  UniqueFd out_r_, err_r_, sync_w_, status_r_, error_r_, listener_r_, listener_w_;
  UniqueFd stdin_child_, stdin_w_, listener_, init_fd_;
  UniqueFd init_handle_;  // a pidfd for init until the end, to signal it safely
  std::array<UniqueFd, 5> child_ends_;
  std::vector<UniqueFd> task_fds_;
  pid_t init_pid_ = -1;
  std::uint32_t slot_ = 0;
  Clock::time_point started_;
  Clock::duration wall_{};
  bool killed_ = false;
  bool reaped_ = false;
  bool program_started_ = false;  // cold: python3 was let through execve
  bool standby_ = false;          // built ahead of its request
  UniqueFd standby_order_;        // a standby's: where its run is sent
  std::size_t output_total_ = 0;
  std::size_t stdin_offset_ = 0;
  std::string stdout_, stderr_;
  Observation seen_;
};

// A write to a pipe whose reader is gone must not kill the supervisor:
// SIGPIPE is blocked for the run and any pending one discarded afterwards.
class SigpipeBlocked {
 public:
  SigpipeBlocked() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, &previous_);
  }
  ~SigpipeBlocked() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    const timespec zero{0, 0};
    while (sigtimedwait(&set, nullptr, &zero) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SigpipeBlocked(const SigpipeBlocked&) = delete;
  SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

 private:
  sigset_t previous_{};
};

}  // namespace

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::Ok: return "OK";
    case Verdict::RuntimeError: return "RUNTIME_ERROR";
    case Verdict::TimeLimit: return "TIME_LIMIT";
    case Verdict::MemoryLimit: return "MEMORY_LIMIT";
    case Verdict::OutputLimit: return "OUTPUT_LIMIT";
    case Verdict::SecurityViolation: return "SECURITY_VIOLATION";
    case Verdict::InternalError: return "INTERNAL_ERROR";
  }
  return "INTERNAL_ERROR";
}

RunResult run(const RunRequest& request) {
  SigpipeBlocked no_sigpipe;
  try {
    Run one(request, nullptr);
    return one.execute();
  } catch (const std::exception& error) {
    RunResult result;
    result.verdict = Verdict::InternalError;
    result.detail = error.what();
    return result;
  }
}

// The next run's sandbox, built ahead: a Run prepared for a request of the
// default shape, waiting for the real one.
class StandbyRun {
 public:
  explicit StandbyRun(WarmTemplate& warm) : shape_(shape_of(warm)), run_(shape_, &warm) {}
  Run& run() { return run_; }

 private:
  static RunRequest shape_of(const WarmTemplate& warm) {
    RunRequest shape;
    shape.python = warm.python();
    return shape;
  }
  const RunRequest shape_;
  Run run_;
};

void StandbyRunDeleter::operator()(StandbyRun* standby) const {
  delete standby;
}

bool prepare_standby(WarmTemplate& warm) {
  if (warm.has_standby()) return true;
  if (!warm.failure().empty()) return false;
  SigpipeBlocked no_sigpipe;
  try {
    // On cgroup v2 the payload is cloned into its run's group, so it could
    // not wait outside it (ChildPlan::standby).
    if (std::string(host().cgroups->version()) != "v1") return false;
    StandbyRunPtr standby(new StandbyRun(warm));
    standby->run().prepare_standby();
    warm.keep_standby(std::move(standby));
    return true;
  } catch (const TemplateFailure& failure) {
    warm.mark_broken(failure.what());
  } catch (const std::exception&) {
    // No standby: the next run builds its sandbox as it comes.
  }
  return false;
}

std::optional<RunResult> run_warm(const RunRequest& request, WarmTemplate& warm) {
  if (request.python != warm.python()) {
    warm.mark_broken("the run asks for " + request.python + ", the template has " + warm.python());
  }
  if (!warm.failure().empty()) return std::nullopt;
  SigpipeBlocked no_sigpipe;
  StandbyRunPtr standby = warm.take_standby();
  if (standby && standby->run().gone()) standby.reset();
  if (standby && !standby->run().fits(request)) {
    // Built as usual; the standby waits on for a run that fits (the
    // template can clone another init meanwhile).
    warm.keep_standby(std::exchange(standby, nullptr));
  }
  try {
    std::optional<Run> fresh;
    RunResult result;
    if (standby) {
      try {
        result = standby->run().execute_standby(request);
      } catch (const StandbyGone&) {
        standby.reset();  // built as usual below
      }
    }
    if (!standby) result = fresh.emplace(request, &warm).execute();
    // A template that died during the run took the run's processes with it:
    // the result says nothing about the program.
    // (It never speaks unasked: a readable socket means it has closed.)
    pollfd hung_up{warm.socket(), POLLIN, 0};
    if (::poll(&hung_up, 1, 0) != 0) {
      warm.mark_broken("the warm template died during a run");
      return std::nullopt;
    }
    return result;
  } catch (const TemplateFailure& failure) {
    warm.mark_broken(failure.what());
    return std::nullopt;
  } catch (const std::exception& error) {
    RunResult result;
    result.verdict = Verdict::InternalError;
    result.detail = error.what();
    return result;
  }
}

std::string check_host() {
  try {
    if (::geteuid() != 0) return "pysandbox must run as root";
    host();
    return "";
  } catch (const std::exception& error) {
    return error.what();
  }
}

}  // namespace pysandbox
