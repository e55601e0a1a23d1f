// What the benchmarks share: their main(), their Ctrl-C, option parsing.
// Ctrl-C: SIGINT or SIGTERM only sets a flag, every wait
// looks at it and throws, and the destructors then stop the daemons and
// remove the folders that were started. A second Ctrl-C kills at once; what
// the bench started then dies of PR_SET_PDEATHSIG.
#pragma once

#include <signal.h>

#include <algorithm>
#include <charconv>
#include <csignal>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

inline volatile std::sig_atomic_t g_interrupted = 0;

inline void note_interrupt(int /*signal*/) {
  g_interrupted = 1;
}

inline void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = note_interrupt;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (const int which : {SIGINT, SIGTERM}) {
    if (sigaction(which, &action, nullptr) != 0) throw std::runtime_error("sigaction failed");
  }
}

inline void throw_if_interrupted() {
  if (g_interrupted != 0) throw std::runtime_error("interrupted");
}

// A whole number from `low` to `high`, and nothing else, or nullopt.
inline std::optional<int> parse_bounded(std::string_view text, int low, int high) {
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end || value < low || value > high) return std::nullopt;
  return value;
}

// A bench's main(): --help prints `usage`; options that do not parse exit
// 2 (the parser said why); a failure exits 1 with `name:` and the reason.
template <typename Options>
int bench_main(int argc, char** argv, const char* name, const char* usage,
               std::optional<Options> (*parse)(const std::vector<std::string>&),
               int (*run)(const Options&)) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (std::find(args.begin(), args.end(), "--help") != args.end()) {
    std::cout << usage;
    return 0;
  }
  const std::optional<Options> options = parse(args);
  if (!options) return 2;
  try {
    install_interrupt_handlers();
    return run(*options);
  } catch (const std::exception& failure) {
    std::cerr << name << ": " << failure.what() << "\n";
    return 1;
  }
}

}  // namespace bench
