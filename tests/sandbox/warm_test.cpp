// Warm runs: children of one template must not see each other, and a
// template that dies, hangs or gets garbage must cost no run its result.
#include "pysandbox/warm.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "wire.hpp"

namespace pysandbox {
namespace {

RunRequest program(const std::string& source) {
  RunRequest request;
  request.box_files = {{"main.py", source}};
  return request;
}

// Everything a run could leave behind in a process that served it.
constexpr const char* kPlant = R"(
import builtins, json, os, random, sys, threading, time, types
open("/tmp/planted", "w").write("x")
os.environ["PLANTED"] = "1"
json.dumps = lambda *args, **kwargs: "patched"
sys.modules["planted"] = types.ModuleType("planted")
builtins.planted = True
random.seed(42)
threading.Thread(target=time.sleep, args=(3600,), daemon=True).start()
print("planted", random.random())
)";

constexpr const char* kLook = R"(
import json, os, sys
print(os.path.exists("/tmp/planted"), "PLANTED" in os.environ, json.dumps([1]),
      "planted" in sys.modules, hasattr(__builtins__, "planted"), "random" in sys.modules)
import random
print("draw", random.random())
)";

TEST(Warm, NothingOneRunPlantsReachesTheNext) {
  WarmTemplate warm("/usr/bin/python3");
  const auto planted = run_warm(program(kPlant), warm);
  ASSERT_TRUE(planted);
  ASSERT_EQ(planted->verdict, Verdict::Ok) << planted->detail << planted->stderr_data;
  const auto looked = run_warm(program(kLook), warm);
  ASSERT_TRUE(looked);
  ASSERT_EQ(looked->verdict, Verdict::Ok) << looked->detail << looked->stderr_data;
  EXPECT_EQ(warm.runs(), 2U);
  // No file, no variable, no patched or planted module, builtins intact,
  // and `random` is imported afresh (seeded from the kernel), not inherited.
  EXPECT_EQ(looked->stdout_data.substr(0, looked->stdout_data.find('\n')),
            "False False [1] False False False");
  const std::string seeded = planted->stdout_data.substr(planted->stdout_data.find(' ') + 1);
  EXPECT_EQ(looked->stdout_data.find(seeded), std::string::npos);
}

// Whether `needle` is in [begin, end) of `memory` (a /proc/<pid>/mem),
// read a MiB at a time, the chunks overlapping by the needle's length.
bool in_range(std::ifstream& memory, std::uint64_t begin, std::uint64_t end,
              const std::string& needle) {
  constexpr std::uint64_t kChunk = std::uint64_t{1} << 20;
  std::string bytes;
  for (std::uint64_t at = begin; at < end; at += kChunk) {
    const std::uint64_t size = std::min(end - at, kChunk + needle.size());
    bytes.assign(size, '\0');
    memory.clear();
    memory.seekg(static_cast<std::streamoff>(at));
    if (!memory.read(bytes.data(), static_cast<std::streamsize>(size))) return false;
    if (bytes.find(needle) != std::string::npos) return true;
  }
  return false;
}

// Whether `needle` is anywhere in the writable memory of process `pid`:
// what every later child of a template inherits and could read (ctypes).
// Mappings over a GiB are reservations (AddressSanitizer's shadow in the
// test itself), not data.
bool in_writable_memory(pid_t pid, const std::string& needle) {
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  std::ifstream memory("/proc/" + std::to_string(pid) + "/mem", std::ios::binary);
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream fields(line);
    std::string range;
    std::string permissions;
    fields >> range >> permissions;
    if (permissions.find("rw") != 0) continue;
    const std::uint64_t begin = std::stoull(range.substr(0, range.find('-')), nullptr, 16);
    const std::uint64_t end = std::stoull(range.substr(range.find('-') + 1), nullptr, 16);
    if (end - begin > (std::uint64_t{1} << 30)) continue;
    if (in_range(memory, begin, end, needle)) return true;
  }
  return false;
}

// A candidate's code must not outlive its run in the template, or a later
// run (another candidate's, maybe of the same problem) could read it.
TEST(Warm, TheTemplateNeverHoldsARunsFiles) {
  WarmTemplate warm("/usr/bin/python3");
  const std::string marker = std::string("CANDIDATE_A_") + "SOLUTION_7f3a9c";
  const std::string padding(60000, 'p');  // larger than the next run's plan
  const auto first = run_warm(
      program("pad = '" + padding + "'\nanswer = '" + marker + "'\nprint(len(answer))\n"), warm);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->verdict, Verdict::Ok) << first->detail << first->stderr_data;
  EXPECT_FALSE(in_writable_memory(warm.pid(), marker));
  const auto second = run_warm(program("print(2)\n"), warm);
  ASSERT_TRUE(second);
  EXPECT_FALSE(in_writable_memory(warm.pid(), marker));
  EXPECT_TRUE(in_writable_memory(::getpid(), marker));  // the scan does find it where it is
}

TEST(Warm, TwoChildrenOfOneTemplateDrawDifferentRandomNumbers) {
  WarmTemplate warm("/usr/bin/python3");
  const auto first = run_warm(program("import random\nprint(random.random())\n"), warm);
  const auto second = run_warm(program("import random\nprint(random.random())\n"), warm);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->verdict, Verdict::Ok);
  EXPECT_NE(first->stdout_data, second->stdout_data);
}

TEST(Warm, ExitStatusesAndStreamsAreThoseOfPython) {
  WarmTemplate warm("/usr/bin/python3");
  const auto exited = run_warm(program("import sys\nprint('out')\nsys.exit(3)\n"), warm);
  ASSERT_TRUE(exited);
  EXPECT_EQ(exited->verdict, Verdict::RuntimeError);
  EXPECT_EQ(exited->exit_code, 3);
  EXPECT_EQ(exited->stdout_data, "out\n");  // flushed at the end
  const auto message = run_warm(program("import sys\nsys.exit('bye')\n"), warm);
  ASSERT_TRUE(message);
  EXPECT_EQ(message->exit_code, 1);
  EXPECT_EQ(message->stderr_data, "bye\n");
  const auto raised = run_warm(program("raise KeyError('k')\n"), warm);
  ASSERT_TRUE(raised);
  EXPECT_EQ(raised->exit_code, 1);
  EXPECT_NE(raised->stderr_data.find("KeyError: 'k'"), std::string::npos);
  EXPECT_NE(raised->stderr_data.find("/box/main.py"), std::string::npos);
  const auto at_exit = run_warm(
      program("import atexit\natexit.register(lambda: print('bye'))\nprint('hi')\n"), warm);
  ASSERT_TRUE(at_exit);
  EXPECT_EQ(at_exit->stdout_data, "hi\nbye\n");
}

// A warm run compiles and starts the program from C, a cold one through
// the bootstrap; a standby's payload was forked before the run and has
// rehearsed a compile. A program cannot tell which, whichever way it ends,
// nor which limits it was built with.
TEST(Warm, ColdWarmAndStandbyRunsEndAlike) {
  WarmTemplate warm("/usr/bin/python3");
  const std::vector<std::string> programs = {
      "def inner():\n    return 1 / 0\n\ninner()\n",
      "def broken(:\n    pass\n",
      std::string("print('a')\0print('b')\n", 22),
      "print('closing')\nexit(4)\n",
      "quit()\n",
      "print(repr(exit), type(exit).__module__, type(quit).__qualname__)\n",
      "import sys\nprint(sys.argv, __name__, __file__, __builtins__.__name__)\n",
      // The template imports nothing a cold start would not have imported.
      "import sys\nprint(sorted(sys.modules))\n",
      "# -*- coding: latin-1 -*-\nprint(len('\xe9'))\n",
      "import warnings\nwarnings.warn('careful')\n",
      "import inspect\nprint(inspect.getsourcefile(lambda: 0))\n",
  };
  const auto alike = [](const RunResult& cold, const std::optional<RunResult>& warmed) {
    ASSERT_TRUE(warmed);
    EXPECT_EQ(warmed->verdict, cold.verdict);
    EXPECT_EQ(warmed->exit_code, cold.exit_code);
    EXPECT_EQ(warmed->stdout_data, cold.stdout_data);
    EXPECT_EQ(warmed->stderr_data, cold.stderr_data);
  };
  const bool standby_here = prepare_standby(warm);
  for (const std::string& source : programs) {
    SCOPED_TRACE(source);
    const RunResult cold = run(program(source));
    if (standby_here) {
      ASSERT_TRUE(prepare_standby(warm));
      alike(cold, run_warm(program(source), warm));
      EXPECT_FALSE(warm.has_standby());
    }
    alike(cold, run_warm(program(source), warm));
  }
  // Limits other than a standby's defaults, as the program sees them.
  RunRequest limited = program(
      "import resource\nfor name in ('CPU', 'AS', 'FSIZE', 'NPROC', 'NOFILE', 'STACK'):\n"
      "    print(name, resource.getrlimit(getattr(resource, 'RLIMIT_' + name)))\n");
  limited.limits.cpu_ms = 3500;
  limited.limits.memory_mb = 96;
  limited.limits.max_tasks = 9;
  const RunResult cold = run(limited);
  EXPECT_EQ(cold.verdict, Verdict::Ok) << cold.detail << cold.stderr_data;
  if (standby_here) {
    ASSERT_TRUE(prepare_standby(warm));
    alike(cold, run_warm(limited, warm));
  }
  alike(cold, run_warm(limited, warm));
}

// The standby: a run's sandbox built before the run, then given the
// run's own files, input and limits.
class Standby : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!prepare_standby(warm_)) GTEST_SKIP() << "no standby on this host (cgroup v2)";
  }
  RunResult run_on_standby(const RunRequest& request) {
    EXPECT_TRUE(warm_.has_standby());
    auto result = run_warm(request, warm_);
    EXPECT_TRUE(result);
    EXPECT_FALSE(warm_.has_standby());  // taken
    return result ? *result : RunResult{};
  }
  WarmTemplate warm_{"/usr/bin/python3"};
};

TEST_F(Standby, TakesTheRunsFilesAndInput) {
  RunRequest request =
      program("import sys\nprint(open('/box/words.txt').read(), sys.stdin.read().upper())\n");
  request.box_files.push_back({"words.txt", "loud"});
  request.stdin_data = "quiet words";
  const RunResult result = run_on_standby(request);
  EXPECT_EQ(result.verdict, Verdict::Ok) << result.detail << result.stderr_data;
  EXPECT_EQ(result.stdout_data, "loud QUIET WORDS\n");
}

TEST_F(Standby, TakesItsStdinFromAFile) {
  char path[] = "/tmp/standby-stdin-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, "3 4\n", 4), 4);
  ::lseek(fd, 0, SEEK_SET);
  RunRequest request = program("a, b = map(int, input().split())\nprint(a * b)\n");
  request.stdin_fd = fd;
  const RunResult result = run_on_standby(request);
  ::close(fd);
  ::unlink(path);
  EXPECT_EQ(result.stdout_data, "12\n") << result.detail << result.stderr_data;
}

TEST_F(Standby, HoldsTheRunToItsOwnLimits) {
  // Built with the default 256 MiB and 64 tasks; this run gets 48 MiB.
  RunRequest request = program("block = bytearray(96 << 20)\nprint(len(block))\n");
  request.limits.memory_mb = 48;
  const RunResult result = run_on_standby(request);
  EXPECT_EQ(result.verdict, Verdict::MemoryLimit) << result.detail << result.stderr_data;
  EXPECT_TRUE(prepare_standby(warm_));
  RunRequest roomy = program("block = bytearray(300 << 20)\nprint(len(block) >> 20)\n");
  roomy.limits.memory_mb = 512;
  const RunResult raised = run_on_standby(roomy);
  EXPECT_EQ(raised.stdout_data, "300\n") << raised.detail << raised.stderr_data;
}

TEST_F(Standby, ItsClockStartsWithTheRun) {
  ::usleep(1'200'000);  // a standby may wait longer than a run may last
  RunRequest request = program("print('on time')\n");
  request.limits.wall_ms = 1000;
  const RunResult result = run_on_standby(request);
  EXPECT_EQ(result.verdict, Verdict::Ok) << result.detail;
  EXPECT_LT(result.wall_ms, 1000U);
}

TEST_F(Standby, ARunWithTestFilesIsBuiltAsUsualAndTheStandbyWaitsOn) {
  char path[] = "/tmp/standby-data-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, "42", 2), 2);
  ASSERT_EQ(::fchmod(fd, 0644), 0);  // the sandbox's uid must read it
  ::close(fd);
  RunRequest request = program("print(open('data.txt').read())\n");
  request.scratch_files.push_back({"data.txt", path});
  const auto result = run_warm(request, warm_);
  ::unlink(path);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->verdict, Verdict::Ok);
  EXPECT_EQ(result->detail, "");
  EXPECT_EQ(result->stdout_data, "42\n") << result->detail << result->stderr_data;
  // The standby waited on beside that run, and takes the next that fits:
  // it ends as any run (its init was not disturbed by the other's).
  EXPECT_TRUE(warm_.has_standby());
  const RunResult next = run_on_standby(program("print('next')\n"));
  EXPECT_EQ(next.verdict, Verdict::Ok);
  EXPECT_EQ(next.detail, "");
  EXPECT_EQ(next.stdout_data, "next\n");
}

TEST_F(Standby, OneKilledWhileItWaitsIsGivenUp) {
  const pid_t template_pid = warm_.pid();
  // The standby's init is the template's only child.
  std::ifstream children("/proc/" + std::to_string(template_pid) + "/task/" +
                         std::to_string(template_pid) + "/children");
  pid_t init = 0;
  ASSERT_TRUE(children >> init);
  ::kill(init, SIGKILL);
  const std::string gone = "/proc/" + std::to_string(init);
  for (int i = 0; i < 200 && std::filesystem::exists(gone); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const auto result = run_warm(program("print('fine')\n"), warm_);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->stdout_data, "fine\n") << result->detail;  // built as usual instead
  EXPECT_FALSE(warm_.has_standby());
}

TEST(Warm, AKilledTemplateCostsTheRunNothing) {
  WarmRunner runner;
  ASSERT_NE(runner.current(), nullptr);
  ::kill(runner.current()->pid(), SIGKILL);
  const RunResult result = runner.run(program("print('hello')\n"));
  EXPECT_EQ(result.verdict, Verdict::Ok);
  EXPECT_EQ(result.stdout_data, "hello\n");
  EXPECT_NE(result.detail.find("ran cold"), std::string::npos) << result.detail;
  // The runner started a new template: the next run is warm again.
  const RunResult next = runner.run(program("print('again')\n"));
  EXPECT_EQ(next.stdout_data, "again\n");
  EXPECT_EQ(next.detail, "");
}

TEST(Warm, AHungTemplateIsGivenUpAfterTwoSeconds) {
  WarmRunner runner;
  ASSERT_NE(runner.current(), nullptr);
  // The first run takes the standby built ahead; the second needs the
  // template itself.
  EXPECT_EQ(runner.run(program("pass\n")).detail, "");
  ::kill(runner.current()->pid(), SIGSTOP);
  const RunResult result = runner.run(program("print('hello')\n"));
  EXPECT_EQ(result.verdict, Verdict::Ok);
  EXPECT_NE(result.detail.find("did not answer"), std::string::npos) << result.detail;
}

TEST(Warm, ATemplateThatHangsBetweenRunsIsReplacedBeforeTheNext) {
  WarmRunner runner;
  ASSERT_NE(runner.current(), nullptr);
  EXPECT_EQ(runner.run(program("pass\n")).detail, "");
  const pid_t hung = runner.current()->pid();
  ::kill(hung, SIGSTOP);
  runner.refresh();  // its standby is asked of it, in vain
  ASSERT_NE(runner.current(), nullptr);
  EXPECT_NE(runner.current()->pid(), hung);
  const RunResult result = runner.run(program("print('hello')\n"));
  EXPECT_EQ(result.stdout_data, "hello\n");
  EXPECT_EQ(result.detail, "");
}

TEST(Warm, GarbageOnTheSocketIsAnsweredAndTheTemplateServesOn) {
  WarmTemplate warm("/usr/bin/python3");
  ASSERT_TRUE(send_message(warm.socket(), "not a plan"));
  std::string answer;
  ASSERT_TRUE(receive_message(warm.socket(), answer));
  Reader in(answer);
  EXPECT_EQ(in.u64(), 0U);  // refused
  in.u64();
  EXPECT_NE(in.bytes().find("truncated"), std::string::npos);
  const auto result = run_warm(program("print('still here')\n"), warm);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->stdout_data, "still here\n");
}

TEST(Warm, ATemplateIsReplacedAfterItsShareOfRuns) {
  WarmRunner runner;
  ASSERT_NE(runner.current(), nullptr);
  const pid_t first = runner.current()->pid();
  for (unsigned i = 0; i < WarmRunner::kRunsPerTemplate; ++i) {
    const RunResult result = runner.run(program("pass\n"));
    ASSERT_EQ(result.verdict, Verdict::Ok) << i << ": " << result.detail;
    ASSERT_EQ(result.detail, "") << i;
    runner.refresh();
  }
  ASSERT_NE(runner.current(), nullptr);
  EXPECT_NE(runner.current()->pid(), first);
  // A fresh template: only its standby counts as a run.
  EXPECT_EQ(runner.current()->runs(), runner.current()->has_standby() ? 1U : 0U);
  EXPECT_EQ(runner.run(program("print(1)\n")).stdout_data, "1\n");
}

TEST(Warm, ATemplateForAnotherPythonIsRefused) {
  EXPECT_THROW(WarmTemplate("/bin/sh"), std::runtime_error);
}

}  // namespace
}  // namespace pysandbox
