// pysandbox: run untrusted Python in layered isolation and classify the result.
//
// Plain structs in (limits, program, input), a plain struct out (verdict,
// figures, output). No JSON, no Boost: the CLI and the daemon wrap this.
//
// run() forks; call it from a single-threaded process (the daemon hands runs
// to a helper process for that reason). It needs root: see docs/sandbox.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pysandbox {

enum class Verdict {
  Ok,
  RuntimeError,
  TimeLimit,
  MemoryLimit,
  OutputLimit,
  SecurityViolation,
  InternalError,
};

// "OK", "RUNTIME_ERROR", ... as the CLI contract spells them.
const char* verdict_name(Verdict verdict);

struct Limits {
  std::uint64_t cpu_ms = 2000;       // CPU time of the whole process tree
  std::uint64_t wall_ms = 5000;      // wall clock from start to end
  std::uint64_t memory_mb = 256;     // RAM (+swap) of the whole process tree
  std::uint64_t output_kb = 1024;    // stdout and stderr together
  std::uint64_t scratch_kb = 16384;  // the writable working directory and /tmp
  std::uint32_t max_tasks = 64;      // processes + threads
};

// A file placed in the sandbox before the program starts.
struct BoxFile {
  std::string name;  // plain file name, no '/': becomes /box/<name>, read-only
  std::string content;
};

// A host file shown read-only in the working directory. It is opened by the
// supervisor (so the host path may be anywhere) and must be readable.
struct ScratchFile {
  std::string name;  // plain file name in the working directory
  std::string host_path;
};

struct RunRequest {
  // The program: /box/<main_file>, which must be among box_files.
  std::vector<BoxFile> box_files;
  std::string main_file = "main.py";
  std::vector<ScratchFile> scratch_files;

  // Standard input: a readable descriptor (a regular file or a pipe; it is
  // re-opened read-only, never handed over writable), or bytes, or nothing.
  int stdin_fd = -1;
  std::string stdin_data;

  std::string python = "/usr/bin/python3";
  Limits limits;
  // Picks the host uids the run uses (base + 2*slot, +1). Concurrent runs
  // should differ: runs sharing a uid share RLIMIT_NPROC accounting. A
  // caller that runs several at once (the daemon) numbers its runners;
  // without a slot a random one of a million is taken.
  std::optional<std::uint32_t> slot;
};

struct RunResult {
  Verdict verdict = Verdict::InternalError;
  std::optional<int> exit_code;  // set when the program exited normally
  std::optional<int> signal;     // set when it was killed by a signal
  std::uint64_t cpu_ms = 0;
  std::uint64_t wall_ms = 0;
  std::uint64_t memory_kb = 0;  // peak
  std::string stdout_data;
  std::string stderr_data;
  std::string detail;  // why, in words: the forbidden call, the limit hit, ...
};

// Runs one program. Never throws: a failure of the sandbox itself comes back
// as Verdict::InternalError with the reason in detail.
RunResult run(const RunRequest& request);

// Checks once that this machine can run the sandbox with every layer
// (root, namespaces, cgroup controllers, seccomp notification). Returns an
// empty string when it can, otherwise the reason.
std::string check_host();

}  // namespace pysandbox
