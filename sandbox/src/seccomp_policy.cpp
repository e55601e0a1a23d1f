#include "seccomp_policy.hpp"

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "unique_fd.hpp"

namespace pysandbox {
namespace {

struct ContextDeleter {
  void operator()(scmp_filter_ctx ctx) const { seccomp_release(ctx); }
};
using Context = std::unique_ptr<void, ContextDeleter>;

// One argument comparison, as libseccomp's SCMP_A0..SCMP_A5 build it but
// without their compound literal: C99, which clang -Wpedantic refuses in C++.
scmp_arg_cmp arg(unsigned index, scmp_compare op, scmp_datum_t a, scmp_datum_t b = 0) {
  return scmp_arg_cmp{index, op, a, b};
}

void check(int rc, const std::string& what) {
  if (rc < 0) throw std::runtime_error("seccomp: " + what + ": " + std::strerror(-rc));
}

void allow(scmp_filter_ctx ctx, const char* name) {
  const int nr = seccomp_syscall_resolve_name(name);
  // A call this kernel's headers do not know simply stays forbidden.
  if (nr == __NR_SCMP_ERROR) return;
  check(seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0), std::string("allow ") + name);
}

void allow_all(scmp_filter_ctx ctx, std::initializer_list<const char*> names) {
  for (const char* name : names) allow(ctx, name);
}

// Plain computation and file work inside the sandbox's own view. The file
// system layers (read-only root, private tmpfs, unprivileged uid) decide
// what these may touch, so they need no arguments checked here.
void allow_files(scmp_filter_ctx ctx) {
  allow_all(ctx, {"read",         "write",
                  "readv",        "writev",
                  "pread64",      "pwrite64",
                  "preadv",       "pwritev",
                  "preadv2",      "pwritev2",
                  "lseek",        "close",
                  "dup",          "dup2",
                  "dup3",         "fcntl",
                  "flock",        "fsync",
                  "fdatasync",    "ftruncate",
                  "truncate",     "fallocate",
                  "fadvise64",    "readahead",
                  "sendfile",     "copy_file_range",
                  "splice",       "tee",
                  "open",         "openat",
                  "openat2",      "creat",
                  "stat",         "fstat",
                  "lstat",        "newfstatat",
                  "statx",        "access",
                  "faccessat",    "faccessat2",
                  "readlink",     "readlinkat",
                  "getdents",     "getdents64",
                  "getcwd",       "chdir",
                  "fchdir",       "mkdir",
                  "mkdirat",      "rmdir",
                  "unlink",       "unlinkat",
                  "rename",       "renameat",
                  "renameat2",    "link",
                  "linkat",       "symlink",
                  "symlinkat",    "chmod",
                  "fchmod",       "fchmodat",
                  "chown",        "fchown",
                  "fchownat",     "lchown",
                  "utime",        "utimes",
                  "utimensat",    "futimesat",
                  "statfs",       "fstatfs",
                  "umask",        "getxattr",
                  "lgetxattr",    "fgetxattr",
                  "listxattr",    "llistxattr",
                  "flistxattr",   "setxattr",
                  "lsetxattr",    "fsetxattr",
                  "removexattr",  "lremovexattr",
                  "fremovexattr", "memfd_create"});
}

// Memory management. Executable mappings are allowed: a raw system call
// from hand-made machine code still passes through this same filter.
void allow_memory(scmp_filter_ctx ctx) {
  allow_all(ctx, {"brk", "mmap", "munmap", "mprotect", "mremap", "madvise", "msync", "mincore"});
}

// Threads and their synchronisation; new processes are not allowed (below).
void allow_threads(scmp_filter_ctx ctx) {
  allow_all(ctx, {"futex", "futex_waitv", "set_robust_list", "get_robust_list", "set_tid_address",
                  "rseq", "gettid", "sched_yield", "sched_getaffinity", "sched_getparam",
                  "sched_getscheduler", "sched_get_priority_max", "sched_get_priority_min", "exit",
                  "exit_group", "arch_prctl", "restart_syscall"});
  // clone is allowed only to make a thread: CLONE_THREAD set and no
  // namespace flag. fork(), vfork() and posix_spawn() all lack CLONE_THREAD.
  constexpr std::uint64_t kMask = CLONE_THREAD | CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWPID |
                                  CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP;
  check(seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
                         arg(0, SCMP_CMP_MASKED_EQ, kMask, CLONE_THREAD)),
        "clone");
  // clone3 passes its flags in memory, which seccomp cannot read. Saying
  // "not implemented" makes glibc fall back to clone, which is checked above.
  check(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0), "clone3");
}

// Signals, timers and clocks. kill() cannot reach outside: the pid
// namespace shows only the sandbox's own processes, and the uid differs
// from the sandbox's init.
void allow_signals_and_time(scmp_filter_ctx ctx) {
  allow_all(ctx, {"rt_sigaction",
                  "rt_sigprocmask",
                  "rt_sigreturn",
                  "rt_sigpending",
                  "rt_sigtimedwait",
                  "rt_sigsuspend",
                  "sigaltstack",
                  "kill",
                  "tgkill",
                  "tkill",
                  "pause",
                  "alarm",
                  "setitimer",
                  "getitimer",
                  "timer_create",
                  "timer_settime",
                  "timer_gettime",
                  "timer_getoverrun",
                  "timer_delete",
                  "clock_gettime",
                  "clock_getres",
                  "clock_nanosleep",
                  "nanosleep",
                  "gettimeofday",
                  "time",
                  "times"});
}

// Questions about the process and the machine that reveal nothing the
// namespaces have not already replaced.
void allow_queries(scmp_filter_ctx ctx) {
  allow_all(ctx, {"getpid",      "getppid",   "getuid",    "geteuid",   "getgid",    "getegid",
                  "getresuid",   "getresgid", "getgroups", "getpgrp",   "getpgid",   "getsid",
                  "uname",       "sysinfo",   "getrusage", "getrlimit", "setrlimit", "getcpu",
                  "getpriority", "getrandom", "capget",    "wait4",     "waitid"});
  // prlimit64 on itself only; raising a hard limit fails without privilege.
  check(seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prlimit64), 1, arg(0, SCMP_CMP_EQ, 0)),
        "prlimit64");
  // Thread names and the dumpable flag; everything else prctl can do (seccomp,
  // capabilities, parent-death signals, ...) stays forbidden.
  for (const int option : {PR_SET_NAME, PR_GET_NAME, PR_GET_DUMPABLE}) {
    check(seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
                           arg(0, SCMP_CMP_EQ, static_cast<scmp_datum_t>(option))),
          "prctl");
  }
}

// Waiting on descriptors, and local channels: asyncio needs a socketpair
// and epoll. No socket() at all, so these only ever act on pipes and on a
// pair of connected AF_UNIX sockets made here.
void allow_local_io(scmp_filter_ctx ctx) {
  allow_all(ctx, {"poll",          "ppoll",       "select",      "pselect6",    "epoll_create",
                  "epoll_create1", "epoll_ctl",   "epoll_wait",  "epoll_pwait", "epoll_pwait2",
                  "eventfd",       "eventfd2",    "pipe",        "pipe2",       "sendto",
                  "recvfrom",      "sendmsg",     "recvmsg",     "sendmmsg",    "recvmmsg",
                  "shutdown",      "getsockname", "getpeername", "getsockopt",  "setsockopt"});
  check(
      seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socketpair), 1, arg(0, SCMP_CMP_EQ, AF_UNIX)),
      "socketpair");
  // socket(AF_UNIX) is refused quietly: glibc's user and host look-ups
  // (getpwuid, getaddrinfo) try the nscd socket first and fall back when it
  // fails. There is nothing to reach anyway: no socket files in the
  // sandbox's file system, and an abstract namespace no other run shares.
  // Every other family ends the run.
  check(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(socket), 1,
                         arg(0, SCMP_CMP_EQ, AF_UNIX)),
        "socket");
}

// Terminal and descriptor queries Python makes (isatty, terminal size,
// bytes waiting, blocking and close-on-exec flags). TIOCSTI and every other
// request stay forbidden.
void allow_ioctls(scmp_filter_ctx ctx) {
  for (const unsigned long request : {TCGETS, TIOCGWINSZ, FIONREAD, FIONBIO, FIOCLEX, FIONCLEX}) {
    check(seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
                           arg(1, SCMP_CMP_MASKED_EQ, 0xffffffffU, request)),
          "ioctl");
  }
}

SeccompProgram export_program(scmp_filter_ctx ctx) {
  UniqueFd memfd(::memfd_create("pysandbox-bpf", MFD_CLOEXEC));
  if (!memfd.valid()) throw std::runtime_error("memfd_create failed");
  check(seccomp_export_bpf(ctx, memfd.get()), "export");
  const off_t size = ::lseek(memfd.get(), 0, SEEK_END);
  if (size <= 0 || size % static_cast<off_t>(sizeof(sock_filter)) != 0) {
    throw std::runtime_error("seccomp: exported filter has a bad size");
  }
  SeccompProgram program;
  program.instructions.resize(static_cast<std::size_t>(size) / sizeof(sock_filter));
  if (::pread(memfd.get(), program.instructions.data(), static_cast<std::size_t>(size), 0) !=
      size) {
    throw std::runtime_error("seccomp: cannot read the exported filter");
  }
  return program;
}

SeccompProgram build() {
  // Everything not listed goes to the supervisor, which ends the run.
  Context ctx(seccomp_init(SCMP_ACT_NOTIFY));
  if (!ctx) throw std::runtime_error("seccomp_init failed");
  // A call through another ABI (int 0x80, x32) kills at once; its numbers
  // mean other calls, so it must never be matched against this list.
  check(seccomp_attr_set(ctx.get(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS), "badarch");
  // A binary search over system call numbers instead of a linear chain:
  // python makes hundreds of calls just to start.
  check(seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_OPTIMIZE, 2), "optimize");
  allow_files(ctx.get());
  allow_memory(ctx.get());
  allow_threads(ctx.get());
  allow_signals_and_time(ctx.get());
  allow_queries(ctx.get());
  allow_local_io(ctx.get());
  allow_ioctls(ctx.get());
  return export_program(ctx.get());
}

}  // namespace

const SeccompProgram& candidate_policy() {
  static const SeccompProgram program = build();
  return program;
}

std::string syscall_name(int number) {
  char* name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, number);
  if (name == nullptr) return "system call " + std::to_string(number);
  std::string result(name);
  std::free(name);
  return result;
}

unsigned native_audit_arch() {
  return seccomp_arch_native();
}

}  // namespace pysandbox
