#include "verdict.hpp"

#include <sys/wait.h>

#include <csignal>

namespace pysandbox {
namespace {

// Python's last word on an uncaught MemoryError is a line starting with it.
bool ends_in_memory_error(const std::string& stderr_tail) {
  std::size_t end = stderr_tail.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) return false;
  const std::size_t start = stderr_tail.rfind('\n', end);
  const std::string last =
      stderr_tail.substr(start == std::string::npos ? 0 : start + 1,
                         end + 1 - (start == std::string::npos ? 0 : start + 1));
  return last == "MemoryError" || last.rfind("MemoryError:", 0) == 0;
}

Classification with(Verdict verdict, std::string detail, const Classification& how) {
  Classification result = how;
  result.verdict = verdict;
  result.detail = std::move(detail);
  return result;
}

}  // namespace

std::string signal_name(int signal) {
  switch (signal) {
    case SIGKILL: return "SIGKILL";
    case SIGSEGV: return "SIGSEGV";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGSYS: return "SIGSYS";
    case SIGXCPU: return "SIGXCPU";
    case SIGXFSZ: return "SIGXFSZ";
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    case SIGHUP: return "SIGHUP";
    case SIGPIPE: return "SIGPIPE";
    case SIGALRM: return "SIGALRM";
    case SIGUSR1: return "SIGUSR1";
    case SIGUSR2: return "SIGUSR2";
    case SIGTRAP: return "SIGTRAP";
    case SIGQUIT: return "SIGQUIT";
    default: return "signal " + std::to_string(signal);
  }
}

Classification classify(const Observation& seen, const Limits& limits) {
  Classification how{Verdict::InternalError, std::nullopt, std::nullopt, ""};
  if (seen.wait_status) {
    const int status = *seen.wait_status;
    if (WIFEXITED(status)) how.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) how.signal = WTERMSIG(status);
  } else if (seen.killed_by_supervisor || seen.oom_killed) {
    how.signal = SIGKILL;
  }

  // Our own failure comes first and is never the program's fault.
  if (!seen.setup_error.empty()) {
    return with(Verdict::InternalError, "sandbox set-up failed: " + seen.setup_error, how);
  }
  if (!seen.violation.empty()) {
    return with(Verdict::SecurityViolation, "forbidden system call: " + seen.violation, how);
  }
  if (how.signal == SIGSYS) {
    return with(Verdict::SecurityViolation,
                "system call through a foreign ABI (32-bit or x32) killed the program", how);
  }
  if (seen.output_exceeded) {
    return with(Verdict::OutputLimit,
                "stdout and stderr exceeded " + std::to_string(limits.output_kb) + " KiB", how);
  }
  const std::uint64_t cpu_ms = seen.cpu_ns / 1'000'000;
  if (cpu_ms > limits.cpu_ms || how.signal == SIGXCPU) {
    return with(Verdict::TimeLimit, "CPU time exceeded " + std::to_string(limits.cpu_ms) + " ms",
                how);
  }
  if (seen.wall_exceeded) {
    return with(Verdict::TimeLimit,
                "wall-clock time exceeded " + std::to_string(limits.wall_ms) + " ms", how);
  }
  const bool failed = (how.exit_code && *how.exit_code != 0) || how.signal;
  if (seen.oom_killed) {
    return with(Verdict::MemoryLimit,
                "killed at the memory limit of " + std::to_string(limits.memory_mb) + " MiB", how);
  }
  if (failed && ends_in_memory_error(seen.stderr_tail)) {
    return with(Verdict::MemoryLimit, "Python raised MemoryError", how);
  }
  if (failed && seen.memory_limit_hit) {
    // An allocation failed at the limit (the cgroup counted it), and the
    // program then failed: a caught MemoryError, or a crash for want of
    // stack or heap.
    return with(
        Verdict::MemoryLimit,
        "failed after reaching the memory limit of " + std::to_string(limits.memory_mb) + " MiB",
        how);
  }
  if (how.signal == SIGXFSZ) {
    return with(
        Verdict::OutputLimit,
        "a file exceeded the scratch quota of " + std::to_string(limits.scratch_kb) + " KiB", how);
  }
  if (failed && seen.scratch_full) {
    return with(Verdict::OutputLimit,
                "the scratch disk of " + std::to_string(limits.scratch_kb) + " KiB is full", how);
  }
  if (!seen.wait_status) {
    return with(Verdict::InternalError, "the sandbox's init ended without reporting", how);
  }
  if (!failed) return with(Verdict::Ok, "", how);
  if (how.signal) return with(Verdict::RuntimeError, "killed by " + signal_name(*how.signal), how);
  return with(Verdict::RuntimeError, "exit code " + std::to_string(*how.exit_code), how);
}

}  // namespace pysandbox
