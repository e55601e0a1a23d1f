// Ctrl-C for the benchmarks: SIGINT or SIGTERM only sets a flag, every wait
// looks at it and throws, and the destructors then stop the daemons and
// remove the folders that were started. A second Ctrl-C kills at once; what
// the bench started then dies of PR_SET_PDEATHSIG.
#pragma once

#include <signal.h>

#include <csignal>
#include <stdexcept>

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

}  // namespace bench
