#include "child.hpp"

#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/mount.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "fd_io.hpp"

namespace pysandbox {
namespace {

// ------------------------------------------------ async-signal-safe helpers

// Reports the failed step and ends this process. Only write(2) and _exit.
// Where set-up failures go: the error pipe, whose number changes once the
// payload arranges its descriptors.
struct Reporter {
  int fd;
};

[[noreturn]] void die(Reporter reporter, SetupStep step) {
  const SetupError report{static_cast<int>(step), errno};
  [[maybe_unused]] const ssize_t ignored = ::write(reporter.fd, &report, sizeof report);
  ::_exit(127);
}

void require(bool ok, Reporter reporter, SetupStep step) {
  if (!ok) die(reporter, step);
}

// Joins two paths into a fixed buffer; paths longer than PATH_MAX fail.
bool join(char (&out)[4096], const char* a, const char* b) {
  const std::size_t la = std::strlen(a);
  const std::size_t lb = std::strlen(b);
  if (la + lb + 1 > sizeof out) return false;
  std::memcpy(out, a, la);
  std::memcpy(out + la, b, lb + 1);
  return true;
}

// mkdir -p for a path inside the staging root, without allocation.
bool make_dirs(const char* path) {
  char buffer[4096];
  const std::size_t length = std::strlen(path);
  if (length >= sizeof buffer) return false;
  std::memcpy(buffer, path, length + 1);
  for (std::size_t i = 1; i <= length; ++i) {
    if (buffer[i] == '/' || buffer[i] == '\0') {
      const char saved = buffer[i];
      buffer[i] = '\0';
      if (::mkdir(buffer, 0755) != 0 && errno != EEXIST) return false;
      buffer[i] = saved;
    }
  }
  return true;
}

bool make_parent_dirs(const char* path) {
  char buffer[4096];
  const std::size_t length = std::strlen(path);
  if (length >= sizeof buffer) return false;
  std::memcpy(buffer, path, length + 1);
  char* slash = std::strrchr(buffer, '/');
  if (slash == nullptr || slash == buffer) return true;
  *slash = '\0';
  return make_dirs(buffer);
}

bool make_empty_file(const char* path) {
  const int fd = ::open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

// Binds a host file or directory (with what is mounted below it). They are
// all made read-only at once when the root is finished (seal_root).
bool bind(const char* source, const char* target, bool is_directory) {
  if (is_directory ? !make_dirs(target) : !(make_parent_dirs(target) && make_empty_file(target))) {
    return false;
  }
  return ::mount(source, target, nullptr, MS_BIND | MS_REC, nullptr) == 0;
}

// Copies `size` bytes from `from` at `offset` (advanced) into `to`, in the
// kernel: no buffer of ours ever holds them.
bool copy_bytes(int from, off_t& offset, int to, std::uint64_t size) {
  while (size > 0) {
    const ssize_t sent = ::sendfile(to, from, &offset, size);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    size -= static_cast<std::uint64_t>(sent);
  }
  return true;
}

bool set_mount_attributes(const char* path, unsigned flags, std::uint64_t set,
                          std::uint64_t clear) {
  mount_attr attributes{};
  attributes.attr_set = set;
  attributes.attr_clr = clear;
  return ::syscall(SYS_mount_setattr, AT_FDCWD, path, flags, &attributes, sizeof attributes) == 0;
}

// ------------------------------------------------------------ init's steps

// The supervisor writes our uid/gid maps and puts us into the run's cgroup
// before it says "go"; nothing may happen before that.
void wait_for_supervisor(const ChildPlan& plan) {
  const Reporter report{plan.error_write};
  char go = 0;
  ssize_t got = 0;
  do {
    got = ::read(plan.sync_read, &go, 1);
  } while (got < 0 && errno == EINTR);
  require(got == 1 && go == 'G', report, SetupStep::WaitForSupervisor);
  ::close(plan.sync_read);
}

// Become the namespace's root (a host uid of no importance) with no
// supplementary groups inherited from the supervisor.
void become_namespace_root(const ChildPlan& plan) {
  const Reporter report{plan.error_write};
  require(::setgroups(0, nullptr) == 0, report, SetupStep::Credentials);
  require(::setresgid(kInitUid, kInitUid, kInitUid) == 0, report, SetupStep::Credentials);
  require(::setresuid(kInitUid, kInitUid, kInitUid) == 0, report, SetupStep::Credentials);
}

void build_root(const ChildPlan& plan) {
  const Reporter report{plan.error_write};
  const char* root = plan.staging_dir.c_str();
  // Nothing we mount may propagate back to the host.
  require(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0, report,
          SetupStep::MountPropagation);
  require(::mount("pysandbox-root", root, "tmpfs", MS_NOSUID | MS_NODEV,
                  plan.root_options.c_str()) == 0,
          report, SetupStep::RootTmpfs);
  char path[4096];
  for (const std::string& dir : plan.directories) {
    require(join(path, root, dir.c_str()) && make_dirs(path), report, SetupStep::RootLayout);
  }
  for (const MountStep& step : plan.mounts) {
    require(join(path, root, step.target.c_str()), report, SetupStep::RootLayout);
    bool ok = false;
    switch (step.kind) {
      case MountStep::Kind::ReadOnlyBind:
      case MountStep::Kind::DeviceBind:
        ok = bind(step.source.c_str(), path, step.is_directory);
        break;
      case MountStep::Kind::Symlink:
        ok = make_parent_dirs(path) && ::symlink(step.source.c_str(), path) == 0;
        break;
    }
    require(ok, report, SetupStep::RootLayout);
  }
}

void write_box_files(const ChildPlan& plan) {
  const Reporter report{plan.error_write};
  char dir[4096];
  char path[4096];
  require(join(dir, plan.staging_dir.c_str(), "/box/"), report, SetupStep::BoxFiles);
  off_t offset = 0;
  for (std::size_t i = 0; i < plan.box_files->size(); ++i) {
    const BoxFile& file = (*plan.box_files)[i];
    require(join(path, dir, file.name.c_str()), report, SetupStep::BoxFiles);
    const int fd = ::open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    require(fd >= 0, report, SetupStep::BoxFiles);
    const bool written = plan.box_bytes_fd >= 0
                             ? copy_bytes(plan.box_bytes_fd, offset, fd, plan.box_sizes[i])
                             : write_all(fd, file.content.data(), file.content.size());
    require(written, report, SetupStep::BoxFiles);
    ::close(fd);
  }
  if (plan.box_bytes_fd >= 0) ::close(plan.box_bytes_fd);
}

// The test's files are opened (O_PATH) while the host's tree is still in
// view and before init gives up the supervisor's credentials; a bind from a
// descriptor the supervisor opened would be refused, as its mount belongs
// to the host's mount namespace.
struct ScratchSources {
  int fds[kMaxScratchFiles];
  std::size_t count = 0;
};

void open_scratch_sources(const ChildPlan& plan, ScratchSources& sources) {
  const Reporter report{plan.error_write};
  for (const ScratchMount& file : plan.scratch) {
    const int fd = ::open(file.host_path.c_str(), O_PATH | O_CLOEXEC);
    require(fd >= 0 && sources.count < kMaxScratchFiles, report, SetupStep::ScratchFiles);
    sources.fds[sources.count++] = fd;
  }
}

// "/proc/self/fd/<fd>" without allocation.
void fd_path(char (&out)[64], int fd) {
  char digits[16];
  int count = 0;
  do {
    digits[count++] = static_cast<char>('0' + fd % 10);
    fd /= 10;
  } while (fd > 0 && count < 15);
  std::memcpy(out, "/proc/self/fd/", 14);
  for (int i = 0; i < count; ++i) out[14 + i] = digits[count - 1 - i];
  out[14 + count] = '\0';
}

// /tmp: the only writable place, size-capped, and gone with the namespace.
void mount_scratch(const ChildPlan& plan, const ScratchSources& sources) {
  const Reporter report{plan.error_write};
  char tmp[4096];
  require(join(tmp, plan.staging_dir.c_str(), "/tmp"), report, SetupStep::ScratchTmpfs);
  require(::mount("pysandbox-scratch", tmp, "tmpfs", MS_NOSUID | MS_NODEV,
                  plan.scratch_options.c_str()) == 0,
          report, SetupStep::ScratchTmpfs);
  char target[4096];
  char source[64];
  for (std::size_t i = 0; i < sources.count; ++i) {
    require(join(target, tmp, "/") && join(target, target, plan.scratch[i].name.c_str()), report,
            SetupStep::ScratchFiles);
    fd_path(source, sources.fds[i]);
    require(bind(source, target, false), report, SetupStep::ScratchFiles);
    ::close(sources.fds[i]);
  }
}

void enter_root(const ChildPlan& plan) {
  const Reporter report{plan.error_write};
  char old_root[4096];
  require(join(old_root, plan.staging_dir.c_str(), "/.old"), report, SetupStep::PivotRoot);
  require(::mkdir(old_root, 0700) == 0, report, SetupStep::PivotRoot);
  require(::syscall(SYS_pivot_root, plan.staging_dir.c_str(), old_root) == 0, report,
          SetupStep::PivotRoot);
  require(::chdir("/") == 0, report, SetupStep::PivotRoot);
  // Detach the host's whole tree: from here on only the new root exists.
  require(::umount2("/.old", MNT_DETACH) == 0, report, SetupStep::PivotRoot);
  require(::rmdir("/.old") == 0, report, SetupStep::PivotRoot);
}

// One call makes the whole tree read-only and setuid-free (Linux 5.12's
// mount_setattr; a bind-then-remount per mount costs twice the calls), then
// /tmp alone becomes writable again; the test's files bound inside it are
// mounts of their own and stay read-only. Device nodes keep working: a
// read-only mount forbids changing them, not reading or writing them.
void seal_root(const ChildPlan& plan) {
  const Reporter report{plan.error_write};
  require(set_mount_attributes("/", AT_RECURSIVE, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID, 0), report,
          SetupStep::RootReadOnly);
  require(set_mount_attributes("/tmp", 0, 0, MOUNT_ATTR_RDONLY), report, SetupStep::RootReadOnly);
}

// ------------------------------------------------------- payload's steps

void set_limit(Reporter report, int resource, rlim_t value) {
  const struct rlimit limit { value, value };
  require(::setrlimit(resource, &limit) == 0, report, SetupStep::ResourceLimits);
}

// rlimits are a second layer under the cgroup: per process, but they hold
// if the cgroup is misconfigured, and RLIMIT_CPU stops a runaway even if
// the supervisor is slow to look.
void apply_rlimits(const ChildPlan& plan, Reporter report) {
  const Limits& l = plan.limits;
  const rlim_t memory = static_cast<rlim_t>(l.memory_mb) << 20;
  set_limit(report, RLIMIT_CPU, static_cast<rlim_t>((l.cpu_ms + 999) / 1000 + 1));
  // Address space is far looser than the cgroup's limit: every thread may
  // reserve an 8 MiB stack and a 64 MiB malloc arena that it barely uses.
  constexpr rlim_t kPerTask = rlim_t{72} << 20;
  set_limit(report, RLIMIT_AS, memory + kPerTask * l.max_tasks + (rlim_t{1} << 30));
  set_limit(report, RLIMIT_FSIZE, static_cast<rlim_t>(l.scratch_kb) << 10);
  set_limit(report, RLIMIT_NPROC, l.max_tasks);
  set_limit(report, RLIMIT_NOFILE, 256);
  set_limit(report, RLIMIT_CORE, 0);
  set_limit(report, RLIMIT_MEMLOCK, 0);
  set_limit(report, RLIMIT_MSGQUEUE, 0);
  set_limit(report, RLIMIT_STACK, rlim_t{8} << 20);
}

// Moves the descriptors the payload keeps to fixed numbers and closes every
// other one: 0-2 for the program, 3 for the listener channel (closed before
// exec) and 4 for the set-up error pipe (close-on-exec, so a successful exec
// closes it).
Reporter arrange_descriptors(const ChildPlan& plan) {
  const Reporter report{plan.error_write};
  constexpr int kKept = 5;
  const int sources[kKept] = {plan.stdin_fd, plan.stdout_fd, plan.stderr_fd, plan.listener_send,
                              plan.error_write};
  int high[kKept];
  for (int i = 0; i < kKept; ++i) {
    high[i] = ::fcntl(sources[i], F_DUPFD_CLOEXEC, 10);
    require(high[i] >= 0, report, SetupStep::Descriptors);
  }
  for (int i = 0; i < kKept; ++i) {
    require(::dup2(high[i], i) == i, report, SetupStep::Descriptors);
  }
  require(::syscall(SYS_close_range, kKept, ~0U, 0U) == 0, report, SetupStep::Descriptors);
  const Reporter moved{4};
  require(::fcntl(3, F_SETFD, FD_CLOEXEC) == 0 && ::fcntl(4, F_SETFD, FD_CLOEXEC) == 0, moved,
          SetupStep::Descriptors);
  return moved;
}

// cgroup v1: a single-threaded process that moves itself by writing "0" to
// a `tasks` file skips the kernel's global threadgroup lock, whose RCU grace
// period costs milliseconds when the supervisor moves a process instead.
// The files were opened by the supervisor, so the kernel checks its
// credentials, not ours. (On cgroup v2, init was cloned into the group.)
void join_cgroup(const ChildPlan& plan) {
  const Reporter report{plan.error_write};
  for (const int fd : plan.cgroup_tasks) {
    require(::write(fd, "0", 1) == 1, report, SetupStep::JoinCgroup);
    ::close(fd);
  }
}

void drop_privileges(Reporter report) {
  // The bounding set first: dropping from it needs CAP_SETPCAP, which the
  // uid change below takes away.
  for (int cap = 0; cap <= 63; ++cap) {
    if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) {
      die(report, SetupStep::DropPrivileges);
    }
  }
  require(::setgroups(0, nullptr) == 0, report, SetupStep::DropPrivileges);
  require(::setresgid(kPayloadUid, kPayloadUid, kPayloadUid) == 0, report,
          SetupStep::DropPrivileges);
  // Leaving uid 0 clears the permitted, effective and ambient sets.
  require(::setresuid(kPayloadUid, kPayloadUid, kPayloadUid) == 0, report,
          SetupStep::DropPrivileges);
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  require(::syscall(SYS_capget, &header, data) == 0 && data[0].effective == 0 &&
              data[0].permitted == 0 && data[1].effective == 0 && data[1].permitted == 0,
          report, SetupStep::DropPrivileges);
  require(::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0, report, SetupStep::NoNewPrivileges);
}

// Loads the filter and hands its listener to the supervisor over fd 3.
void install_seccomp(const ChildPlan& plan, Reporter report) {
  const long listener = ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                                  SECCOMP_FILTER_FLAG_NEW_LISTENER, plan.seccomp);
  require(listener >= 0, report, SetupStep::Seccomp);
  // From here on every call goes through the filter: only allowed ones.
  char byte = 'L';
  iovec io{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr message{};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  cmsghdr* header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(int));
  const int fd = static_cast<int>(listener);
  std::memcpy(CMSG_DATA(header), &fd, sizeof fd);
  require(::sendmsg(3, &message, 0) == 1, report, SetupStep::SendListener);
  ::close(fd);
  ::close(3);
}

// Cold: ends in execve of python3. Warm: returns, fully confined, into the
// template's interpreter, which runs the program.
void run_payload(const ChildPlan& plan) {
  // A new session has no controlling terminal, so terminal tricks have
  // nothing to act on.
  join_cgroup(plan);
  require(::setsid() >= 0, Reporter{plan.error_write}, SetupStep::Session);
  const Reporter report = arrange_descriptors(plan);
  require(::chdir("/tmp") == 0, report, SetupStep::WorkingDirectory);
  apply_rlimits(plan, report);
  drop_privileges(report);
  install_seccomp(plan, report);
  if (plan.warm) {
    // The error channel is close-on-exec for a cold start; with no exec it
    // must be closed by hand, so the program holds nothing but 0, 1 and 2.
    ::close(report.fd);
    return;
  }
  ::execve(plan.python.c_str(), plan.argv.data(), plan.envp.data());
  die(report, SetupStep::Exec);
}

// The payload, forked from init. _Fork runs no atfork handlers (a warm init
// shares the template's memory, which they would touch) and still sets up
// the child's thread state as fork does; a warm payload on cgroup v2 is
// cloned straight into the run's group.
pid_t fork_payload(const ChildPlan& plan) {
  if (plan.payload_cgroup_directory < 0) return ::_Fork();
  clone_args args{};
  args.flags = CLONE_INTO_CGROUP;
  args.cgroup = static_cast<std::uint64_t>(plan.payload_cgroup_directory);
  args.exit_signal = SIGCHLD;
  return static_cast<pid_t>(::syscall(SYS_clone3, &args, sizeof args));
}

// Reaps every process of the namespace until the payload has ended, then
// reports how it ended. As pid 1, init's death takes the namespace with it.
[[noreturn]] void supervise_payload(int status_write, pid_t payload) {
  PayloadStatus status;
  for (;;) {
    int wait_status = 0;
    const pid_t pid = ::waitpid(-1, &wait_status, __WALL);
    if (pid < 0 && errno == EINTR) continue;
    if (pid < 0) break;
    if (pid == payload) {
      status.wait_status = wait_status;
      break;
    }
  }
  // A full scratch disk explains a failure that the program itself reports
  // only as an OSError.
  struct statfs scratch {};
  if (::statfs("/tmp", &scratch) == 0 && scratch.f_bavail == 0) status.scratch_full = 1;
  [[maybe_unused]] const ssize_t ignored = ::write(status_write, &status, sizeof status);
  ::_exit(0);
}

}  // namespace

void run_init(const ChildPlan& plan) {
  // If the supervisor dies, so does init, and with it the whole namespace.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  for (const int fd : plan.keep_closed) ::close(fd);
  const Reporter report{plan.error_write};
  wait_for_supervisor(plan);
  ScratchSources sources;
  open_scratch_sources(plan, sources);
  become_namespace_root(plan);
  build_root(plan);
  if (!plan.standby) write_box_files(plan);
  mount_scratch(plan, sources);
  enter_root(plan);
  if (!plan.standby) seal_root(plan);
  require(::sethostname("sandbox", 7) == 0, report, SetupStep::Hostname);
  require(::unshare(CLONE_NEWCGROUP) == 0, report, SetupStep::CgroupNamespace);
  const pid_t payload = fork_payload(plan);
  require(payload >= 0, report, SetupStep::ForkPayload);
  if (payload == 0) {
    if (!plan.standby) run_payload(plan);
    return;  // warm: the template's interpreter takes over
  }
  // Init keeps only what it needs to report, on its own stack: a warm
  // template frees the plan as soon as it hears that the payload exists.
  const int status_write = plan.status_write;
  ::close(plan.stdin_fd);
  ::close(plan.stdout_fd);
  ::close(plan.stderr_fd);
  ::close(plan.listener_send);
  ::close(plan.error_write);
  for (const int fd : plan.cgroup_tasks) ::close(fd);
  if (plan.forked_write >= 0) {
    [[maybe_unused]] const ssize_t ignored = ::write(plan.forked_write, "F", 1);
    ::close(plan.forked_write);
  }
  supervise_payload(status_write, payload);
}

void finish_standby_payload(const ChildPlan& plan) {
  write_box_files(plan);
  seal_root(plan);
  run_payload(plan);
}

void fail_setup(int error_write, SetupStep step, int error) {
  errno = error;
  die(Reporter{error_write}, step);
}

const char* setup_step_name(SetupStep step) {
  switch (step) {
    case SetupStep::WaitForSupervisor: return "waiting for the supervisor";
    case SetupStep::Credentials: return "taking the namespace's root credentials";
    case SetupStep::MountPropagation: return "making mounts private";
    case SetupStep::RootTmpfs: return "mounting the root tmpfs";
    case SetupStep::RootLayout: return "building the read-only root";
    case SetupStep::BoxFiles: return "writing /box";
    case SetupStep::ScratchTmpfs: return "mounting the scratch tmpfs";
    case SetupStep::ScratchFiles: return "binding the test's files";
    case SetupStep::PivotRoot: return "pivot_root";
    case SetupStep::RootReadOnly: return "making the root read-only";
    case SetupStep::Hostname: return "setting the hostname";
    case SetupStep::CgroupNamespace: return "entering a cgroup namespace";
    case SetupStep::ForkPayload: return "forking the payload";
    case SetupStep::JoinCgroup: return "joining the run's cgroup";
    case SetupStep::Session: return "setsid";
    case SetupStep::Descriptors: return "arranging descriptors";
    case SetupStep::WorkingDirectory: return "entering the working directory";
    case SetupStep::ResourceLimits: return "setting resource limits";
    case SetupStep::DropPrivileges: return "dropping privileges";
    case SetupStep::NoNewPrivileges: return "setting no_new_privs";
    case SetupStep::Seccomp: return "loading the seccomp filter";
    case SetupStep::SendListener: return "handing over the seccomp listener";
    case SetupStep::Exec: return "executing python";
    case SetupStep::StandbyRun: return "handing the run to its prepared sandbox";
  }
  return "unknown step";
}

}  // namespace pysandbox
