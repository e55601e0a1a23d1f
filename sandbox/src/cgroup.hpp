// Per-run control groups: memory, task-count and CPU accounting for the whole
// process tree of one run. Two back ends behind one interface: cgroup v2
// (what production hosts run) and cgroup v1 (what some CI machines have).
//
// Run groups are created below the supervisor's own cgroup, so that a service
// manager that delegated that subtree (systemd's Delegate=yes) is respected
// and nothing is written under the root of the hierarchy.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pysandbox {

struct CgroupLimits {
  std::uint64_t memory_bytes = 0;
  std::uint32_t max_tasks = 0;
};

struct CgroupUsage {
  std::uint64_t cpu_ns = 0;
  std::uint64_t memory_peak_bytes = 0;
  bool oom_killed = false;        // the kernel's OOM killer acted in the group
  bool memory_limit_hit = false;  // an allocation failed at the limit
};

class RunCgroup {
 public:
  virtual ~RunCgroup() = default;
  // How a run's first process gets into the group without a costly
  // migration. v2: clone3(CLONE_INTO_CGROUP) with this directory's fd.
  // v1: the process writes "0" to each of these `tasks` files itself.
  virtual int directory_fd() const { return -1; }
  virtual std::vector<std::string> task_files() const { return {}; }
  // Moves a process (and so its future children) into the group.
  virtual void add_process(pid_t pid) = 0;
  // Changes the limits it was created with (a prepared group, before the
  // run it was prepared for joins it).
  virtual void set_limits(const CgroupLimits& limits) = 0;
  virtual std::uint64_t cpu_ns() const = 0;
  virtual CgroupUsage usage() const = 0;
  // SIGKILLs every task in the group and waits until it is empty.
  virtual void kill_all() = 0;
};

class CgroupHierarchy {
 public:
  virtual ~CgroupHierarchy() = default;
  // Creates a fresh group for one run; it is removed when destroyed.
  virtual std::unique_ptr<RunCgroup> create_run(const std::string& name,
                                                const CgroupLimits& limits) = 0;
  virtual const char* version() const = 0;

  // Finds the hierarchy this process lives in. mount_root is normally
  // /sys/fs/cgroup and self_cgroup the text of /proc/self/cgroup; tests pass
  // a fake tree. Throws std::runtime_error with a clear reason when the
  // machine has no usable memory and pids controllers.
  static std::unique_ptr<CgroupHierarchy> detect(const std::string& mount_root,
                                                 const std::string& self_cgroup);
  static std::unique_ptr<CgroupHierarchy> detect_host();
};

// Small file helpers shared with the tests.
std::string read_text_file(const std::string& path);
void write_text_file(const std::string& path, const std::string& text);
// Value of "key N" in a flat keyed file such as memory.events; 0 if absent.
std::uint64_t keyed_value(const std::string& text, const std::string& key);

}  // namespace pysandbox
