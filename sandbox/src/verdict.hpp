// Turning what the supervisor observed into a verdict. A pure function, so
// that every rule is unit-tested without running anything.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "pysandbox/sandbox.hpp"

namespace pysandbox {

struct Observation {
  std::string setup_error;       // non-empty: the sandbox failed to start the program
  std::string violation;         // the forbidden system call, if one was made
  bool output_exceeded = false;  // stdout + stderr went over the limit
  bool wall_exceeded = false;    // killed at the wall-clock limit
  std::uint64_t cpu_ns = 0;
  bool oom_killed = false;
  bool memory_limit_hit = false;
  std::optional<int> wait_status;  // how the payload ended, if init reported it
  bool killed_by_supervisor = false;
  bool scratch_full = false;
  std::string stderr_tail;  // the end of stderr, for Python's MemoryError
};

struct Classification {
  Verdict verdict;
  std::optional<int> exit_code;
  std::optional<int> signal;
  std::string detail;
};

Classification classify(const Observation& seen, const Limits& limits);

// "SIGKILL" for 9, "signal 77" for numbers without a name.
std::string signal_name(int signal);

}  // namespace pysandbox
