#include "cgroup.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "unique_fd.hpp"

namespace pysandbox {
namespace {

[[noreturn]] void fail(const std::string& what, int err = errno) {
  throw std::runtime_error(what + ": " + std::strerror(err));
}

bool exists(const std::string& path) {
  return ::access(path.c_str(), F_OK) == 0;
}

void make_dir(const std::string& path) {
  if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) fail("cannot create cgroup " + path);
}

// A run's own group must be new: another run's group is never reused.
void make_fresh_dir(const std::string& path) {
  if (::mkdir(path.c_str(), 0755) != 0) fail("cannot create cgroup " + path);
}

std::uint64_t parse_u64(const std::string& text) {
  try {
    return std::stoull(text);
  } catch (const std::exception&) {
    return 0;
  }
}

// Removes a group directory. A group whose last task is still being torn
// down answers EBUSY for a moment, so this retries for a bounded time.
void remove_dir(const std::string& path) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    if (::rmdir(path.c_str()) == 0 || errno == ENOENT) return;
    if (errno != EBUSY) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// A group that is already gone lists nothing.
std::vector<pid_t> read_pids(const std::string& procs_file) {
  std::vector<pid_t> pids;
  std::ifstream in(procs_file);
  for (long pid = 0; in >> pid;) pids.push_back(static_cast<pid_t>(pid));
  return pids;
}

// Kills what is listed in a cgroup.procs file until it stays empty.
void kill_listed(const std::string& procs_file) {
  for (int round = 0; round < 200; ++round) {
    const auto pids = read_pids(procs_file);
    if (pids.empty()) return;
    for (const pid_t pid : pids) ::kill(pid, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(round < 10 ? 1 : 5));
  }
}

// The path of this process's group in a hierarchy, from /proc/self/cgroup.
// For v1, `controller` names the hierarchy ("memory"); for v2 it is empty.
std::string own_group(const std::string& self_cgroup, const std::string& controller) {
  std::istringstream in(self_cgroup);
  for (std::string line; std::getline(in, line);) {
    const auto first = line.find(':');
    const auto second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string ids = line.substr(first + 1, second - first - 1);
    const std::string path = line.substr(second + 1);
    if (controller.empty() ? ids.empty()
                           : (',' + ids + ',').find(',' + controller + ',') != std::string::npos) {
      return path == "/" ? "" : path;
    }
  }
  return "";
}

// ---------------------------------------------------------------- cgroup v2

class RunCgroupV2 final : public RunCgroup {
 public:
  RunCgroupV2(std::string dir, const CgroupLimits& limits) : dir_(std::move(dir)) {
    make_fresh_dir(dir_);
    try {
      set_limits(limits);
      // Swap would let a program exceed its memory without being stopped.
      if (exists(dir_ + "/memory.swap.max")) write_text_file(dir_ + "/memory.swap.max", "0");
      dir_fd_.reset(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
      if (!dir_fd_.valid()) fail("cannot open " + dir_);
    } catch (...) {
      remove_dir(dir_);
      throw;
    }
  }
  ~RunCgroupV2() override {
    kill_all();
    remove_dir(dir_);
  }

  int directory_fd() const override { return dir_fd_.get(); }

  void add_process(pid_t pid) override {
    write_text_file(dir_ + "/cgroup.procs", std::to_string(pid));
  }

  void set_limits(const CgroupLimits& limits) override {
    write_text_file(dir_ + "/memory.max", std::to_string(limits.memory_bytes));
    write_text_file(dir_ + "/pids.max", std::to_string(limits.max_tasks));
  }

  std::uint64_t cpu_ns() const override {
    return keyed_value(read_text_file(dir_ + "/cpu.stat"), "usage_usec") * 1000;
  }

  CgroupUsage usage() const override {
    CgroupUsage usage;
    usage.cpu_ns = cpu_ns();
    // memory.peak exists from Linux 5.19; before that the current figure at
    // the end is the best the kernel offers.
    const std::string peak = dir_ + "/memory.peak";
    usage.memory_peak_bytes =
        parse_u64(read_text_file(exists(peak) ? peak : dir_ + "/memory.current"));
    const std::string events = read_text_file(dir_ + "/memory.events");
    usage.oom_killed = keyed_value(events, "oom_kill") > 0;
    usage.memory_limit_hit = keyed_value(events, "max") > 0 || keyed_value(events, "oom") > 0;
    return usage;
  }

  void kill_all() override {
    // cgroup.kill (Linux 5.14) kills the whole group atomically, even tasks
    // forking while we look; otherwise kill what is listed until it is empty.
    if (exists(dir_ + "/cgroup.kill")) {
      try {
        write_text_file(dir_ + "/cgroup.kill", "1");
      } catch (const std::exception&) {
      }
    }
    kill_listed(dir_ + "/cgroup.procs");
  }

 private:
  std::string dir_;
  UniqueFd dir_fd_;
};

class HierarchyV2 final : public CgroupHierarchy {
 public:
  // A supervisor started from an earlier supervisor's leaf (see below) works
  // from the same base as that one.
  explicit HierarchyV2(std::string base) : base_(std::move(base)) {
    const std::string leaf = "/supervisor";
    if (base_.size() > leaf.size() && base_.ends_with(leaf))
      base_.resize(base_.size() - leaf.size());
  }

  std::unique_ptr<RunCgroup> create_run(const std::string& name,
                                        const CgroupLimits& limits) override {
    enable_controllers();
    return std::make_unique<RunCgroupV2>(base_ + "/" + name, limits);
  }
  const char* version() const override { return "v2"; }

 private:
  // Run groups need memory and pids enabled in our group's subtree_control.
  // The kernel refuses that while our group holds processes ("no internal
  // processes"), so the supervisor first moves itself into a leaf.
  void enable_controllers() {
    if (enabled_) return;
    const std::string available = read_text_file(base_ + "/cgroup.controllers");
    for (const char* needed : {"memory", "pids"}) {
      if ((' ' + available + ' ').find(std::string(" ") + needed) == std::string::npos) {
        throw std::runtime_error("cgroup v2 group " + base_ + " has no " + needed +
                                 " controller; delegate it (systemd: Delegate=yes)");
      }
    }
    try {
      write_text_file(base_ + "/cgroup.subtree_control", "+memory +pids");
    } catch (const std::exception&) {
      const std::string leaf = base_ + "/supervisor";
      make_dir(leaf);
      for (const pid_t pid : read_pids(base_ + "/cgroup.procs")) {
        write_text_file(leaf + "/cgroup.procs", std::to_string(pid));
      }
      write_text_file(base_ + "/cgroup.subtree_control", "+memory +pids");
    }
    enabled_ = true;
  }

  std::string base_;
  bool enabled_ = false;
};

// ---------------------------------------------------------------- cgroup v1

// v1 has one hierarchy per controller; a run gets a group in each.
struct V1Dirs {
  std::string memory, pids, cpuacct;
};

class RunCgroupV1 final : public RunCgroup {
 public:
  RunCgroupV1(V1Dirs dirs, const CgroupLimits& limits) : dirs_(std::move(dirs)) {
    try {
      for (const auto* dir : {&dirs_.memory, &dirs_.pids, &dirs_.cpuacct}) make_fresh_dir(*dir);
      set_limits(limits);
    } catch (...) {
      remove_all();
      throw;
    }
  }
  ~RunCgroupV1() override {
    kill_all();
    remove_all();
  }

  std::vector<std::string> task_files() const override {
    return {dirs_.memory + "/tasks", dirs_.pids + "/tasks", dirs_.cpuacct + "/tasks"};
  }

  void add_process(pid_t pid) override {
    const std::string text = std::to_string(pid);
    for (const auto* dir : {&dirs_.memory, &dirs_.pids, &dirs_.cpuacct}) {
      write_text_file(*dir + "/cgroup.procs", text);
    }
  }

  // memory+swap must be limited too, or the program pages out and lives
  // on; without swap accounting the kernel lacks that file. The kernel
  // keeps memory <= memory+swap at every step, so a raise writes the
  // memory+swap limit first and a cut writes it last.
  void set_limits(const CgroupLimits& limits) override {
    const std::string bytes = std::to_string(limits.memory_bytes);
    const std::string memory = dirs_.memory + "/memory.limit_in_bytes";
    const std::string memsw = dirs_.memory + "/memory.memsw.limit_in_bytes";
    const bool has_memsw = exists(memsw);
    const bool raise = limits.memory_bytes > memory_bytes_;
    if (has_memsw && raise) write_text_file(memsw, bytes);
    write_text_file(memory, bytes);
    if (has_memsw && !raise) write_text_file(memsw, bytes);
    memory_bytes_ = limits.memory_bytes;
    write_text_file(dirs_.pids + "/pids.max", std::to_string(limits.max_tasks));
  }

  std::uint64_t cpu_ns() const override {
    return parse_u64(read_text_file(dirs_.cpuacct + "/cpuacct.usage"));
  }

  CgroupUsage usage() const override {
    CgroupUsage usage;
    usage.cpu_ns = cpu_ns();
    const std::string memsw_peak = dirs_.memory + "/memory.memsw.max_usage_in_bytes";
    usage.memory_peak_bytes =
        parse_u64(read_text_file(dirs_.memory + "/memory.max_usage_in_bytes"));
    // oom_kill in memory.oom_control exists from Linux 4.13.
    usage.oom_killed =
        keyed_value(read_text_file(dirs_.memory + "/memory.oom_control"), "oom_kill") > 0;
    usage.memory_limit_hit =
        parse_u64(read_text_file(dirs_.memory + "/memory.failcnt")) > 0 ||
        (exists(memsw_peak) &&
         parse_u64(read_text_file(dirs_.memory + "/memory.memsw.failcnt")) > 0);
    return usage;
  }

  void kill_all() override {
    // The pids group sees every task; the others see the same ones.
    kill_listed(dirs_.pids + "/cgroup.procs");
    kill_listed(dirs_.memory + "/cgroup.procs");
  }

 private:
  void remove_all() {
    for (const auto* dir : {&dirs_.memory, &dirs_.pids, &dirs_.cpuacct}) remove_dir(*dir);
  }

  V1Dirs dirs_;
  std::uint64_t memory_bytes_ = UINT64_MAX;  // a new group's: unlimited
};

class HierarchyV1 final : public CgroupHierarchy {
 public:
  explicit HierarchyV1(V1Dirs bases) : bases_(std::move(bases)) {}

  std::unique_ptr<RunCgroup> create_run(const std::string& name,
                                        const CgroupLimits& limits) override {
    return std::make_unique<RunCgroupV1>(
        V1Dirs{bases_.memory + "/" + name, bases_.pids + "/" + name, bases_.cpuacct + "/" + name},
        limits);
  }
  const char* version() const override { return "v1"; }

 private:
  V1Dirs bases_;
};

std::string v1_base(const std::string& mount_root, const std::string& self_cgroup,
                    const std::string& controller) {
  // cpuacct is often co-mounted with cpu ("cpu,cpuacct").
  std::string mount = mount_root + "/" + controller;
  if (!exists(mount) && controller == "cpuacct") mount = mount_root + "/cpu,cpuacct";
  if (!exists(mount)) {
    throw std::runtime_error("cgroup v1 controller " + controller + " is not mounted under " +
                             mount_root);
  }
  std::string base = mount + own_group(self_cgroup, controller) + "/pysandbox";
  make_dir(base);
  return base;
}

}  // namespace

std::string read_text_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) fail("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text_file(const std::string& path, const std::string& text) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd.valid()) fail("cannot open " + path);
  if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    fail("cannot write '" + text + "' to " + path);
  }
}

std::uint64_t keyed_value(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.size() > key.size() && line.compare(0, key.size(), key) == 0 &&
        line[key.size()] == ' ') {
      return parse_u64(line.substr(key.size() + 1));
    }
  }
  return 0;
}

std::unique_ptr<CgroupHierarchy> CgroupHierarchy::detect(const std::string& mount_root,
                                                         const std::string& self_cgroup) {
  // A pure v2 system mounts the unified hierarchy at the root itself.
  if (exists(mount_root + "/cgroup.controllers")) {
    return std::make_unique<HierarchyV2>(mount_root + own_group(self_cgroup, ""));
  }
  if (exists(mount_root + "/memory") && exists(mount_root + "/pids")) {
    return std::make_unique<HierarchyV1>(V1Dirs{v1_base(mount_root, self_cgroup, "memory"),
                                                v1_base(mount_root, self_cgroup, "pids"),
                                                v1_base(mount_root, self_cgroup, "cpuacct")});
  }
  // Hybrid systems: the unified hierarchy at /unified is only useful when the
  // controllers were given to it.
  const std::string unified = mount_root + "/unified";
  if (exists(unified + "/cgroup.controllers")) {
    const std::string controllers = read_text_file(unified + "/cgroup.controllers");
    if (controllers.find("memory") != std::string::npos &&
        controllers.find("pids") != std::string::npos) {
      return std::make_unique<HierarchyV2>(unified + own_group(self_cgroup, ""));
    }
  }
  throw std::runtime_error("no cgroup hierarchy with memory and pids controllers under " +
                           mount_root);
}

std::unique_ptr<CgroupHierarchy> CgroupHierarchy::detect_host() {
  return detect("/sys/fs/cgroup", read_text_file("/proc/self/cgroup"));
}

}  // namespace pysandbox
