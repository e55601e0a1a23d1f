#include "pysandbox/pool.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace pysandbox {
namespace {

TEST(PoolWire, JobsAndResultsRoundTrip) {
  PoolJob job;
  job.request.box_files = {{"main.py", "print(1)\n"}, {"data.bin", std::string("\0\xff", 2)}};
  job.request.scratch_files = {{"in.txt", "/tmp/x"}};
  job.request.stdin_data = "abc";
  job.stdin_path = "/tmp/in";
  job.request.limits.cpu_ms = 1234;
  job.request.limits.max_tasks = 9;
  job.request.slot = 7;
  const PoolJob back = decode_job(encode_job(job));
  EXPECT_EQ(back.request.box_files[1].content, std::string("\0\xff", 2));
  EXPECT_EQ(back.request.scratch_files[0].host_path, "/tmp/x");
  EXPECT_EQ(back.request.stdin_data, "abc");
  EXPECT_EQ(back.stdin_path, "/tmp/in");
  EXPECT_EQ(back.request.limits.cpu_ms, 1234u);
  EXPECT_EQ(back.request.limits.max_tasks, 9u);
  EXPECT_EQ(back.request.slot, 7u);

  RunResult result;
  result.verdict = Verdict::TimeLimit;
  result.signal = 9;
  result.stdout_data = "out";
  const RunResult again = decode_result(encode_result(result));
  EXPECT_EQ(again.verdict, Verdict::TimeLimit);
  EXPECT_EQ(again.signal, 9);
  EXPECT_FALSE(again.exit_code);
  EXPECT_EQ(again.stdout_data, "out");
  EXPECT_THROW(decode_result("short"), std::runtime_error);
}

TEST(PoolRuns, ManyJobsOnTwoWorkers) {
  if (::geteuid() != 0) GTEST_SKIP() << "the sandbox needs root";
  Pool pool(2);
  char path[] = "/tmp/pool-test-input-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  const std::string input = path;
  std::ofstream(input) << "21\n";
  std::vector<std::string> outputs(6);
  for (int i = 0; i < 6; ++i) {
    PoolJob job;
    job.request.box_files = {{"main.py", "print(int(input()) * " + std::to_string(i) + ")\n"}};
    job.stdin_path = input;
    pool.submit(std::move(job),
                [&outputs, i](RunResult result) { outputs[i] = result.stdout_data; });
  }
  EXPECT_EQ(pool.pending(), 6u);
  pool.run_until_idle();
  for (int i = 0; i < 6; ++i) EXPECT_EQ(outputs[i], std::to_string(21 * i) + "\n");
  ::unlink(input.c_str());
}

TEST(PoolRuns, AMissingStdinFileIsOurFailure) {
  if (::geteuid() != 0) GTEST_SKIP() << "the sandbox needs root";
  Pool pool(1);
  PoolJob job;
  job.request.box_files = {{"main.py", "print(1)\n"}};
  job.stdin_path = "/nonexistent/input";
  RunResult got;
  pool.submit(std::move(job), [&got](RunResult result) { got = std::move(result); });
  pool.run_until_idle();
  EXPECT_EQ(got.verdict, Verdict::InternalError);
  EXPECT_NE(got.detail.find("/nonexistent/input"), std::string::npos);
}

}  // namespace
}  // namespace pysandbox
