#include "cgroup.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace pysandbox {
namespace {

namespace fs = std::filesystem;

// A fake cgroup file system in a temporary directory: plain files stand in
// for the kernel's, so the back ends' bookkeeping can be checked anywhere.
class FakeCgroupTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("cgroup-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void put(const std::string& relative, const std::string& text) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << text;
  }
  std::string get(const std::string& relative) {
    return read_text_file((root_ / relative).string());
  }

  fs::path root_;
};

TEST(KeyedValue, FindsTheKeyAtTheStartOfALine) {
  const std::string events = "low 0\nhigh 0\nmax 12\noom 1\noom_kill 3\n";
  EXPECT_EQ(keyed_value(events, "max"), 12u);
  EXPECT_EQ(keyed_value(events, "oom"), 1u);
  EXPECT_EQ(keyed_value(events, "oom_kill"), 3u);
  EXPECT_EQ(keyed_value(events, "missing"), 0u);
  EXPECT_EQ(keyed_value("usage_usec 1500\n", "usage_usec"), 1500u);
}

TEST_F(FakeCgroupTree, V1UsesTheSupervisorsOwnGroupPerController) {
  for (const char* controller : {"memory", "pids", "cpuacct"})
    put(std::string(controller) + "/tasks", "");
  put("memory/service/abc/tasks", "");
  const std::string self = "12:pids:/\n4:memory:/service/abc\n2:cpu,cpuacct:/\n0::/\n";
  auto hierarchy = CgroupHierarchy::detect(root_.string(), self);
  EXPECT_STREQ(hierarchy->version(), "v1");
  EXPECT_TRUE(fs::is_directory(root_ / "memory/service/abc/pysandbox"));
  EXPECT_TRUE(fs::is_directory(root_ / "pids/pysandbox"));

  auto run = hierarchy->create_run("run-1", CgroupLimits{64u << 20, 32});
  EXPECT_EQ(get("memory/service/abc/pysandbox/run-1/memory.limit_in_bytes"),
            std::to_string(64u << 20));
  EXPECT_EQ(get("pids/pysandbox/run-1/pids.max"), "32");
  ASSERT_EQ(run->task_files().size(), 3u);
  EXPECT_EQ(run->directory_fd(), -1);

  put("cpuacct/pysandbox/run-1/cpuacct.usage", "2500000\n");
  put("memory/service/abc/pysandbox/run-1/memory.max_usage_in_bytes", "1048576\n");
  put("memory/service/abc/pysandbox/run-1/memory.oom_control", "oom_kill_disable 0\noom_kill 1\n");
  put("memory/service/abc/pysandbox/run-1/memory.failcnt", "4\n");
  put("pids/pysandbox/run-1/cgroup.procs", "");
  put("memory/service/abc/pysandbox/run-1/cgroup.procs", "");
  const CgroupUsage usage = run->usage();
  EXPECT_EQ(usage.cpu_ns, 2500000u);
  EXPECT_EQ(usage.memory_peak_bytes, 1048576u);
  EXPECT_TRUE(usage.oom_killed);
  EXPECT_TRUE(usage.memory_limit_hit);
}

TEST_F(FakeCgroupTree, V2WritesLimitsAndReadsEvents) {
  put("cgroup.controllers", "cpuset cpu io memory pids\n");
  put("system.slice/proctor.service/cgroup.controllers", "cpu memory pids\n");
  put("system.slice/proctor.service/cgroup.subtree_control", "");
  auto hierarchy = CgroupHierarchy::detect(root_.string(), "0::/system.slice/proctor.service\n");
  EXPECT_STREQ(hierarchy->version(), "v2");
  auto run = hierarchy->create_run("run-7", CgroupLimits{128u << 20, 16});
  const std::string dir = "system.slice/proctor.service/run-7/";
  EXPECT_EQ(get(dir + "memory.max"), std::to_string(128u << 20));
  EXPECT_EQ(get(dir + "pids.max"), "16");
  EXPECT_EQ(get("system.slice/proctor.service/cgroup.subtree_control"), "+memory +pids");
  EXPECT_GE(run->directory_fd(), 0);
  EXPECT_TRUE(run->task_files().empty());

  put(dir + "cpu.stat", "usage_usec 4200\nuser_usec 4000\n");
  put(dir + "memory.peak", "2097152\n");
  put(dir + "memory.events", "low 0\nhigh 0\nmax 2\noom 0\noom_kill 0\n");
  put(dir + "cgroup.procs", "");
  const CgroupUsage usage = run->usage();
  EXPECT_EQ(usage.cpu_ns, 4200000u);
  EXPECT_EQ(usage.memory_peak_bytes, 2097152u);
  EXPECT_FALSE(usage.oom_killed);
  EXPECT_TRUE(usage.memory_limit_hit);
}

TEST_F(FakeCgroupTree, V2SupervisorLeafWorksFromItsParent) {
  put("cgroup.controllers", "memory pids\n");
  put("app/cgroup.controllers", "memory pids\n");
  put("app/cgroup.subtree_control", "");
  auto hierarchy = CgroupHierarchy::detect(root_.string(), "0::/app/supervisor\n");
  auto run = hierarchy->create_run("run-1", CgroupLimits{64u << 20, 8});
  EXPECT_TRUE(fs::exists(root_ / "app/run-1/memory.max"));
}

TEST_F(FakeCgroupTree, V2WithoutTheMemoryControllerIsRefusedClearly) {
  put("cgroup.controllers", "cpu pids\n");
  put("cgroup.subtree_control", "");
  auto hierarchy = CgroupHierarchy::detect(root_.string(), "0::/\n");
  try {
    hierarchy->create_run("run-1", CgroupLimits{64u << 20, 8});
    FAIL() << "expected a refusal";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("no memory controller"), std::string::npos);
  }
}

TEST_F(FakeCgroupTree, NoControllersAtAllIsRefused) {
  put("unified/cgroup.controllers", "\n");
  EXPECT_THROW(CgroupHierarchy::detect(root_.string(), "0::/\n"), std::runtime_error);
}

TEST(HostCgroups, TheRealHierarchyCanHoldARun) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  auto hierarchy = CgroupHierarchy::detect_host();
  auto run =
      hierarchy->create_run("unit-test-" + std::to_string(::getpid()), CgroupLimits{64u << 20, 8});
  EXPECT_EQ(run->usage().cpu_ns, 0u);
}

}  // namespace
}  // namespace pysandbox
