// The pysandbox command line: parsing and the one JSON object it prints.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "pysandbox/sandbox.hpp"

namespace pysandbox::cli {

struct Options {
  std::string command;  // "run", "pool" or "check"
  std::string program;  // FILE.py
  Limits limits;
  std::string python = "/usr/bin/python3";
  std::vector<ScratchFile> files;  // --file NAME=PATH
  bool warm = false;               // --warm: a template started for this run
  std::string pool;                // --pool SOCKET: a running `pysandbox pool`
  // pool: where it listens, its templates (0: the cores), its queue.
  std::string socket;
  std::uint64_t size = 0;
  std::uint64_t queue = 64;
};

struct UsageError {
  std::string message;
};

std::variant<Options, UsageError> parse(const std::vector<std::string>& args);
std::string usage();

// {"verdict", "exit_code", "signal", "cpu_ms", "wall_ms", "memory_kb",
//  "stdout", "stderr", "detail"}; invalid UTF-8 in output is replaced.
std::string to_json(const RunResult& result);

}  // namespace pysandbox::cli
