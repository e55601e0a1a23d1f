#include "verdict.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <csignal>

namespace pysandbox {
namespace {

int exited(int code) {
  return code << 8;
}
int killed(int signal) {
  return signal;
}

Classification judge(const Observation& seen) {
  return classify(seen, Limits{});
}

TEST(Classify, CleanExitIsOk) {
  Observation seen;
  seen.wait_status = exited(0);
  const auto how = judge(seen);
  EXPECT_EQ(how.verdict, Verdict::Ok);
  EXPECT_EQ(how.exit_code, 0);
  EXPECT_FALSE(how.signal);
}

TEST(Classify, NonZeroExitAndSignalsAreRuntimeErrors) {
  Observation seen;
  seen.wait_status = exited(3);
  EXPECT_EQ(judge(seen).verdict, Verdict::RuntimeError);
  EXPECT_EQ(judge(seen).detail, "exit code 3");
  seen.wait_status = killed(SIGSEGV);
  EXPECT_EQ(judge(seen).verdict, Verdict::RuntimeError);
  EXPECT_EQ(judge(seen).signal, SIGSEGV);
}

TEST(Classify, OurFailureComesFirstAndIsNeverTheProgramsFault) {
  Observation seen;
  seen.setup_error = "pivot_root: Permission denied";
  seen.wait_status = exited(1);
  seen.output_exceeded = true;
  const auto how = judge(seen);
  EXPECT_EQ(how.verdict, Verdict::InternalError);
  EXPECT_NE(how.detail.find("pivot_root"), std::string::npos);
}

TEST(Classify, AForbiddenCallIsNamed) {
  Observation seen;
  seen.violation = "fork";
  seen.killed_by_supervisor = true;
  const auto how = judge(seen);
  EXPECT_EQ(how.verdict, Verdict::SecurityViolation);
  EXPECT_EQ(how.detail, "forbidden system call: fork");
  EXPECT_EQ(how.signal, SIGKILL);
}

TEST(Classify, SigsysFromAForeignAbiIsAViolation) {
  Observation seen;
  seen.wait_status = killed(SIGSYS);
  EXPECT_EQ(judge(seen).verdict, Verdict::SecurityViolation);
}

TEST(Classify, OutputBeatsTime) {
  Observation seen;
  seen.output_exceeded = true;
  seen.wall_exceeded = true;
  seen.killed_by_supervisor = true;
  EXPECT_EQ(judge(seen).verdict, Verdict::OutputLimit);
}

TEST(Classify, CpuOverTheLimitIsTimeLimitEvenAfterAnExit) {
  Observation seen;
  seen.wait_status = exited(0);
  seen.cpu_ns = 2'001'000'000;
  EXPECT_EQ(judge(seen).verdict, Verdict::TimeLimit);
  seen.cpu_ns = 1'999'000'000;
  EXPECT_EQ(judge(seen).verdict, Verdict::Ok);
  seen.wait_status = killed(SIGXCPU);
  EXPECT_EQ(judge(seen).verdict, Verdict::TimeLimit);
}

TEST(Classify, WallClock) {
  Observation seen;
  seen.wall_exceeded = true;
  seen.killed_by_supervisor = true;
  const auto how = judge(seen);
  EXPECT_EQ(how.verdict, Verdict::TimeLimit);
  EXPECT_NE(how.detail.find("wall-clock"), std::string::npos);
}

TEST(Classify, MemoryInItsThreeShapes) {
  Observation oom;
  oom.oom_killed = true;
  EXPECT_EQ(judge(oom).verdict, Verdict::MemoryLimit);

  Observation python;
  python.wait_status = exited(1);
  python.stderr_tail = "Traceback (most recent call last):\n  File \"x\"\nMemoryError\n";
  EXPECT_EQ(judge(python).verdict, Verdict::MemoryLimit);
  python.stderr_tail = "Traceback:\nMemoryError: cannot allocate\n\n";
  EXPECT_EQ(judge(python).verdict, Verdict::MemoryLimit);

  Observation caught;
  caught.wait_status = exited(1);
  caught.memory_limit_hit = true;
  EXPECT_EQ(judge(caught).verdict, Verdict::MemoryLimit);
}

TEST(Classify, MemoryErrorTextAloneDoesNotFailAPassingProgram) {
  Observation seen;
  seen.wait_status = exited(0);
  seen.stderr_tail = "MemoryError\n";
  seen.memory_limit_hit = true;
  EXPECT_EQ(judge(seen).verdict, Verdict::Ok);
}

TEST(Classify, AMentionOfMemoryErrorMidTextIsARuntimeError) {
  Observation seen;
  seen.wait_status = exited(1);
  seen.stderr_tail = "ValueError: not a MemoryError\n";
  EXPECT_EQ(judge(seen).verdict, Verdict::RuntimeError);
}

TEST(Classify, ScratchDiskFull) {
  Observation seen;
  seen.wait_status = exited(1);
  seen.scratch_full = true;
  EXPECT_EQ(judge(seen).verdict, Verdict::OutputLimit);
  seen.wait_status = killed(SIGXFSZ);
  EXPECT_EQ(judge(seen).verdict, Verdict::OutputLimit);
  seen.wait_status = exited(0);
  EXPECT_EQ(judge(seen).verdict, Verdict::Ok);
}

TEST(Classify, NoReportAndNoReasonIsOurFailure) {
  Observation seen;
  EXPECT_EQ(judge(seen).verdict, Verdict::InternalError);
}

TEST(SignalName, KnownAndUnknown) {
  EXPECT_EQ(signal_name(SIGKILL), "SIGKILL");
  EXPECT_EQ(signal_name(SIGSEGV), "SIGSEGV");
  EXPECT_EQ(signal_name(77), "signal 77");
}

}  // namespace
}  // namespace pysandbox
