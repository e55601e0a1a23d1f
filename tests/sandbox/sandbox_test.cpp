// The library's run() end to end, with a real python3, real namespaces and
// a real cgroup. Hostile and honest programs are in cases/; these check the
// API itself: files, stdin in its forms, figures, and refusals.
#include "pysandbox/sandbox.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace pysandbox {
namespace {

RunRequest program(const std::string& source) {
  RunRequest request;
  request.box_files.push_back({"main.py", source});
  request.limits.wall_ms = 10000;
  return request;
}

class SandboxRun : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "the sandbox needs root";
    const std::string problem = check_host();
    ASSERT_EQ(problem, "") << problem;
  }
};

TEST_F(SandboxRun, PrintsAndExitsCleanly) {
  const RunResult result = run(program("print('hello', 6 * 7)\n"));
  EXPECT_EQ(result.verdict, Verdict::Ok) << result.detail << result.stderr_data;
  EXPECT_EQ(result.stdout_data, "hello 42\n");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_FALSE(result.signal);
  EXPECT_GT(result.wall_ms, 0u);
  EXPECT_LT(result.cpu_ms, 2000u);
}

TEST_F(SandboxRun, StdinFromBytes) {
  RunRequest request = program("import sys\nprint(sum(int(x) for x in sys.stdin))\n");
  request.stdin_data = "1\n2\n3\n";
  const RunResult result = run(request);
  EXPECT_EQ(result.stdout_data, "6\n") << result.stderr_data;
}

TEST_F(SandboxRun, StdinFromAFileIsReopenedReadOnly) {
  char path[] = "/tmp/sandbox-test-stdin-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, "abc\n", 4), 4);
  ::close(fd);
  const int rw = ::open(path, O_RDWR);  // handed over writable on purpose
  RunRequest request = program(
      "import os, sys\nprint(sys.stdin.read().strip())\n"
      "try:\n    os.write(0, b'x'); print('wrote')\nexcept OSError: print('read-only')\n");
  request.stdin_fd = rw;
  const RunResult result = run(request);
  ::close(rw);
  std::ifstream after(path);
  std::string content((std::istreambuf_iterator<char>(after)), {});
  ::unlink(path);
  EXPECT_EQ(result.stdout_data, "abc\nread-only\n") << result.stderr_data;
  EXPECT_EQ(content, "abc\n");
}

TEST_F(SandboxRun, BoxFilesAreReadOnlyAndScratchFilesAppearInTheWorkingDirectory) {
  char path[] = "/tmp/sandbox-test-data-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, "from the test\n", 14), 14);
  ::fchmod(fd, 0644);
  ::close(fd);
  RunRequest request = program(
      "import helper, os\nprint(helper.VALUE, open('data.txt').read().strip(), os.getcwd())\n"
      "try:\n    open('/box/helper.py', 'w')\nexcept OSError: print('box read-only')\n"
      "try:\n    open('data.txt', 'w')\nexcept OSError: print('data read-only')\n"
      "open('mine.txt', 'w').write('ok'); print(sorted(os.listdir('.')))\n");
  request.box_files.push_back({"helper.py", "VALUE = 7\n"});
  request.box_files[0].content =
      "import sys\nsys.path.insert(0, '/box')\n" + request.box_files[0].content;
  request.scratch_files.push_back({"data.txt", path});
  const RunResult result = run(request);
  ::unlink(path);
  EXPECT_EQ(result.verdict, Verdict::Ok) << result.stderr_data;
  EXPECT_EQ(result.stdout_data,
            "7 from the test /tmp\nbox read-only\ndata read-only\n['data.txt', 'mine.txt']\n");
}

TEST_F(SandboxRun, NothingOneRunWritesIsSeenByTheNext) {
  run(program("open('/tmp/left-behind', 'w').write('x')\n"));
  const RunResult result = run(program("import os\nprint(os.listdir('/tmp'))\n"));
  EXPECT_EQ(result.stdout_data, "[]\n");
}

TEST_F(SandboxRun, OutputIsCutAtTheLimit) {
  RunRequest request = program("print('x' * 100000)\n");
  request.limits.output_kb = 4;
  const RunResult result = run(request);
  EXPECT_EQ(result.verdict, Verdict::OutputLimit);
  EXPECT_EQ(result.stdout_data.size(), 4096u);
}

TEST_F(SandboxRun, AMissingInterpreterIsOurFailure) {
  RunRequest request = program("print(1)\n");
  request.python = "/nonexistent/python3";
  const RunResult result = run(request);
  EXPECT_EQ(result.verdict, Verdict::InternalError);
  EXPECT_NE(result.detail.find("/nonexistent/python3"), std::string::npos);
}

TEST_F(SandboxRun, BadRequestsAreRefused) {
  RunRequest nameless = program("print(1)\n");
  nameless.main_file = "other.py";
  EXPECT_EQ(run(nameless).verdict, Verdict::InternalError);

  RunRequest escaping = program("print(1)\n");
  escaping.box_files.push_back({"../etc/passwd", "x"});
  const RunResult result = run(escaping);
  EXPECT_EQ(result.verdict, Verdict::InternalError);
  EXPECT_NE(result.detail.find("bad box file name"), std::string::npos);

  RunRequest tiny = program("print(1)\n");
  tiny.limits.memory_mb = 1;
  EXPECT_EQ(run(tiny).verdict, Verdict::InternalError);
}

TEST_F(SandboxRun, VerdictNamesMatchTheContract) {
  EXPECT_STREQ(verdict_name(Verdict::Ok), "OK");
  EXPECT_STREQ(verdict_name(Verdict::RuntimeError), "RUNTIME_ERROR");
  EXPECT_STREQ(verdict_name(Verdict::TimeLimit), "TIME_LIMIT");
  EXPECT_STREQ(verdict_name(Verdict::MemoryLimit), "MEMORY_LIMIT");
  EXPECT_STREQ(verdict_name(Verdict::OutputLimit), "OUTPUT_LIMIT");
  EXPECT_STREQ(verdict_name(Verdict::SecurityViolation), "SECURITY_VIOLATION");
  EXPECT_STREQ(verdict_name(Verdict::InternalError), "INTERNAL_ERROR");
}

}  // namespace
}  // namespace pysandbox
