// The pysandbox command line: parsing and the one JSON object it prints.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "pysandbox/sandbox.hpp"

namespace pysandbox::cli {

struct Options {
  std::string command;  // "run" or "check"
  std::string program;  // FILE.py
  Limits limits;
  std::string python = "/usr/bin/python3";
  std::vector<ScratchFile> files;  // --file NAME=PATH
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
