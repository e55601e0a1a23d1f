// What runs after clone(): the sandbox's init and the payload it forks.
//
// The supervisor fills a ChildPlan with everything both need before it
// clones, so that after the clone they only read memory and make system
// calls: no allocation, no locks, no exceptions, no logging (the clone
// copies one thread of a process whose other state may be mid-change).
#pragma once

#include <linux/filter.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "pysandbox/sandbox.hpp"

namespace pysandbox {

// The ids inside the sandbox's user namespace.
inline constexpr uid_t kInitUid = 0;        // the sandbox's init; maps to base + 2*slot
inline constexpr uid_t kPayloadUid = 1000;  // candidate code; maps to base + 2*slot + 1

// One step of building the sandbox's root file system.
struct MountStep {
  enum class Kind {
    ReadOnlyBind,  // bind a host directory or file read-only at the same path
    DeviceBind,    // bind a host device node (usable, but the mount is read-only)
    Symlink,       // recreate a host symlink (/lib -> usr/lib on merged-/usr)
  };
  Kind kind;
  std::string source;  // host path, or the link's text for Symlink
  std::string target;  // absolute path inside the sandbox
  bool is_directory;
};

// Why the set-up stopped, reported to the supervisor as {step, errno}.
enum class SetupStep : int {
  WaitForSupervisor = 1,
  Credentials,
  MountPropagation,
  RootTmpfs,
  RootLayout,
  BoxFiles,
  ScratchTmpfs,
  ScratchFiles,
  PivotRoot,
  RootReadOnly,
  Hostname,
  CgroupNamespace,
  ForkPayload,
  JoinCgroup,
  Session,
  Descriptors,
  WorkingDirectory,
  ResourceLimits,
  DropPrivileges,
  NoNewPrivileges,
  Seccomp,
  SendListener,
  Exec,
  StandbyRun,
};
const char* setup_step_name(SetupStep step);

struct SetupError {
  int step = 0;
  int error = 0;
};

// What init reports about the payload when it ends.
struct PayloadStatus {
  int wait_status = 0;
  int scratch_full = 0;
};

struct ScratchMount {
  std::string name;
  std::string host_path;
};
// At most this many files may be shown in the working directory.
inline constexpr std::size_t kMaxScratchFiles = 64;

struct ChildPlan {
  // Descriptors (all inherited by the clone).
  int sync_read = -1;      // init waits here for the supervisor's "go"
  int status_write = -1;   // init -> supervisor: PayloadStatus
  int error_write = -1;    // init/payload -> supervisor: SetupError; close-on-exec
  int listener_send = -1;  // payload -> supervisor: the seccomp listener (and its pid)
  // cgroup v1: the run group's `tasks` files, opened by the supervisor. The
  // payload writes "0" to them to move itself in (see join_cgroup).
  std::vector<int> cgroup_tasks;
  int stdin_fd = -1, stdout_fd = -1, stderr_fd = -1;
  std::vector<int> keep_closed;  // supervisor-only ends the clone must close

  // File system.
  std::string staging_dir = "/tmp";  // mount point of the new root before pivot_root
  std::vector<MountStep> mounts;
  std::vector<std::string> directories;  // created inside the root first
  const std::vector<BoxFile>* box_files = nullptr;
  // Warm: the files' bytes come from this sealed memfd, one file after the
  // other in box_files' order (box_sizes[i] bytes each), and box_files
  // carries only the names: the template never holds a run's files.
  int box_bytes_fd = -1;
  std::vector<std::uint64_t> box_sizes;
  std::vector<ScratchMount> scratch;
  std::string root_options;     // tmpfs options of the read-only root
  std::string scratch_options;  // tmpfs options of /tmp

  // The program.
  std::string python;  // absolute path of the real interpreter
  std::vector<std::string> argv_storage;
  std::vector<char*> argv;  // points into argv_storage, null-terminated
  std::vector<std::string> env_storage;
  std::vector<char*> envp;

  // Limits applied with setrlimit (a layer under the cgroup).
  Limits limits;

  const sock_fprog* seccomp = nullptr;

  // Warm: init shares the memory of a pre-started template interpreter
  // (CLONE_VM), the payload is forked from it, and the payload returns from
  // run_init once it is confined instead of executing python3
  // (docs/sandbox.md, "The warm pool").
  bool warm = false;
  // Warm: init writes one byte here once the payload exists; until then the
  // template, whose memory init shares, waits and touches nothing.
  int forked_write = -1;
  // Warm, cgroup v2: the payload is cloned into this group (CLONE_INTO_CGROUP),
  // as init, which shares the template's memory, cannot be.
  int payload_cgroup_directory = -1;
  // Warm standby (cgroup v1): the sandbox is built before its run exists.
  // Init builds the root and forks the payload at once, but leaves /box
  // empty and the root unsealed; run_init returns in the payload before
  // any layer of confinement, and the template waits on stdin_fd (a socket
  // until then) for the run, then calls finish_standby_payload.
  bool standby = false;
};

// The namespaces every run's init gets, cold or warm: fresh user, pid,
// mount, ipc and uts namespaces (the network namespace is an empty one
// kept by the supervisor or the template).
inline constexpr std::uint64_t kInitNamespaces =
    CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS;

// clone3's arguments for a cold init: the namespaces, a pidfd written to
// `*pidfd`, and on cgroup v2 birth inside the run's group
// (`cgroup_directory`, or -1 on v1).
inline clone_args init_clone_args(int* pidfd, int cgroup_directory) {
  clone_args args{};
  args.flags = kInitNamespaces | CLONE_PIDFD;
  args.pidfd = reinterpret_cast<std::uint64_t>(pidfd);
  args.exit_signal = SIGCHLD;
  if (cgroup_directory >= 0) {
    args.flags |= CLONE_INTO_CGROUP;
    args.cgroup = static_cast<std::uint64_t>(cgroup_directory);
  }
  return args;
}

// The body of the cloned process (pid 1 of the new pid namespace). Init
// never returns; neither does a cold payload (it becomes python3). A warm
// payload returns, with every layer in place, to run the program in the
// interpreter it was forked from.
void run_init(const ChildPlan& plan);

// A standby payload once its run has come (`plan` now carries the run's
// box files, stdin and limits, and staging_dir "": the root is entered):
// writes /box, seals the root, then takes every layer a payload takes and
// returns confined, as run_init does for a warm payload.
void finish_standby_payload(const ChildPlan& plan);

// Reports a set-up failure to the supervisor (SetupError on `error_write`)
// and exits.
[[noreturn]] void fail_setup(int error_write, SetupStep step, int error);

}  // namespace pysandbox
