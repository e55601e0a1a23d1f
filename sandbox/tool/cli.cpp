#include "cli.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <nlohmann/json.hpp>

#include "../src/verdict.hpp"

namespace pysandbox::cli {
namespace {

bool parse_number(const std::string& text, std::uint64_t& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && out > 0;
}

}  // namespace

std::string usage() {
  return "usage: pysandbox run [--cpu-ms N] [--wall-ms N] [--memory-mb N] [--output-kb N]\n"
         "                     [--scratch-kb N] [--max-tasks N] [--python PATH]\n"
         "                     [--file NAME=PATH]... [--warm | --pool SOCKET] FILE.py\n"
         "       pysandbox pool --socket PATH [--size N] [--queue N]\n"
         "       pysandbox check\n"
         "run:   runs FILE.py with its own stdin and prints one JSON object on stdout;\n"
         "       --pool sends it to a running pool (falls back to a cold run if it is\n"
         "       absent), --warm starts a template for this one run\n"
         "pool:  serves runs from N pre-started interpreters on a UNIX socket";
}

std::variant<Options, UsageError> parse_pool(const std::vector<std::string>& args,
                                             Options options) {
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (i + 1 >= args.size()) return UsageError{arg + " needs a value"};
    const std::string& value = args[++i];
    if (arg == "--socket") {
      options.socket = value;
    } else if (arg == "--size" || arg == "--queue") {
      if (!parse_number(value, arg == "--size" ? options.size : options.queue) ||
          (arg == "--size" && options.size > 256) || (arg == "--queue" && options.queue > 100000)) {
        return UsageError{arg + " wants a number (size at most 256, queue at most 100000)"};
      }
    } else {
      return UsageError{"unknown option " + arg};
    }
  }
  if (options.socket.empty()) return UsageError{"pool needs --socket PATH"};
  return options;
}

std::variant<Options, UsageError> parse(const std::vector<std::string>& args) {
  Options options;
  if (args.empty()) return UsageError{"missing command"};
  options.command = args[0];
  if (options.command == "check") {
    if (args.size() != 1) return UsageError{"check takes no arguments"};
    return options;
  }
  if (options.command == "pool") return parse_pool(args, options);
  if (options.command != "run") return UsageError{"unknown command '" + args[0] + "'"};

  std::uint64_t max_tasks = options.limits.max_tasks;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0) {
      if (!options.program.empty()) return UsageError{"more than one program: " + arg};
      options.program = arg;
      continue;
    }
    if (arg == "--warm") {
      options.warm = true;
      continue;
    }
    if (i + 1 >= args.size()) return UsageError{arg + " needs a value"};
    const std::string& value = args[++i];
    if (arg == "--python") {
      options.python = value;
      continue;
    }
    if (arg == "--pool") {
      options.pool = value;
      continue;
    }
    if (arg == "--file") {
      const auto equals = value.find('=');
      if (equals == std::string::npos || equals == 0) return UsageError{"--file wants NAME=PATH"};
      options.files.push_back({value.substr(0, equals), value.substr(equals + 1)});
      continue;
    }
    Limits& l = options.limits;
    const std::pair<const char*, std::uint64_t*> numeric[] = {
        {"--cpu-ms", &l.cpu_ms},         {"--wall-ms", &l.wall_ms},
        {"--memory-mb", &l.memory_mb},   {"--output-kb", &l.output_kb},
        {"--scratch-kb", &l.scratch_kb}, {"--max-tasks", &max_tasks}};
    const auto* option = std::find_if(std::begin(numeric), std::end(numeric),
                                      [&](const auto& entry) { return arg == entry.first; });
    if (option == std::end(numeric)) return UsageError{"unknown option " + arg};
    if (!parse_number(value, *option->second)) return UsageError{arg + " wants a positive integer"};
  }
  if (options.program.empty()) return UsageError{"missing FILE.py"};
  if (options.warm && !options.pool.empty()) return UsageError{"--warm or --pool, not both"};
  if (max_tasks > 4096) return UsageError{"--max-tasks is at most 4096"};
  options.limits.max_tasks = static_cast<std::uint32_t>(max_tasks);
  return options;
}

std::string to_json(const RunResult& result) {
  nlohmann::ordered_json out;
  out["verdict"] = verdict_name(result.verdict);
  out["exit_code"] =
      result.exit_code ? nlohmann::ordered_json(*result.exit_code) : nlohmann::ordered_json();
  out["signal"] = result.signal ? nlohmann::ordered_json(signal_name(*result.signal))
                                : nlohmann::ordered_json();
  out["cpu_ms"] = result.cpu_ms;
  out["wall_ms"] = result.wall_ms;
  out["memory_kb"] = result.memory_kb;
  out["stdout"] = result.stdout_data;
  out["stderr"] = result.stderr_data;
  out["detail"] = result.detail;
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace pysandbox::cli
