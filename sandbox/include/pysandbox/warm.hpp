// Warm runs: a pre-started template interpreter (build/bin/pysandbox-template)
// forks one child per run, and that child takes every layer of a cold run
// before any of the program runs. See docs/sandbox.md, "The warm pool".
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "pysandbox/sandbox.hpp"

namespace pysandbox {

// The sandbox of a template's next run, built ahead of the run's request
// (prepare_standby; defined in sandbox.cpp).
class StandbyRun;
struct StandbyRunDeleter {
  void operator()(StandbyRun* standby) const;
};
using StandbyRunPtr = std::unique_ptr<StandbyRun, StandbyRunDeleter>;

class WarmTemplate {
 public:
  // Starts a template for `python` (the interpreter a run asks for; the
  // template must embed the same one). Throws with the reason when it
  // cannot; callers then run cold. Call from a single-threaded process.
  explicit WarmTemplate(const std::string& python);
  ~WarmTemplate();  // kills the template (its runs' processes die with it)
  WarmTemplate(const WarmTemplate&) = delete;
  WarmTemplate& operator=(const WarmTemplate&) = delete;

  [[nodiscard]] const std::string& python() const { return python_; }
  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] int socket() const { return socket_; }
  [[nodiscard]] unsigned runs() const { return runs_; }
  // Why it stopped serving, once it has ("" while it is sound).
  [[nodiscard]] const std::string& failure() const { return failure_; }

  void count_run() { ++runs_; }
  void mark_broken(const std::string& why);

  // Its next run's sandbox, when one has been built ahead.
  [[nodiscard]] bool has_standby() const { return standby_ != nullptr; }
  StandbyRunPtr take_standby() { return std::move(standby_); }
  void keep_standby(StandbyRunPtr standby) { standby_ = std::move(standby); }

 private:
  void stop();

  std::string python_;
  pid_t pid_ = -1;
  int socket_ = -1;
  unsigned runs_ = 0;
  std::string failure_;
  StandbyRunPtr standby_;
};

// The template program: next to the running executable, or where the build
// put it.
std::string template_binary();

// Runs `request` in a fresh child of `warm`. nullopt when the template
// failed before any of the program could run: replace it and run cold.
std::optional<RunResult> run_warm(const RunRequest& request, WarmTemplate& warm);

// Builds `warm`'s next run's sandbox now, between runs (docs/sandbox.md,
// "The standby"): init in its namespaces with the root built and the
// payload forked, waiting for the run, which run_warm then hands it if it
// fits (same interpreter and scratch size, no test files). True if there
// is one; false on cgroup v2 hosts, or when it cannot be built (a template
// that failed is marked broken).
bool prepare_standby(WarmTemplate& warm);

// One supervisor's template kept warm across runs: started ahead of the
// first, replaced when it fails or has served kRunsPerTemplate runs (so a
// run shares its hash seed and memory layout with a bounded number of
// others), and a cold run, saying so in `detail`, whenever it cannot serve.
class WarmRunner {
 public:
  static constexpr unsigned kRunsPerTemplate = 256;

  explicit WarmRunner(std::string python = "/usr/bin/python3");
  RunResult run(const RunRequest& request);
  // Replaces a spent or broken template now, between runs, so that no run
  // waits for an interpreter to start.
  void refresh();
  [[nodiscard]] const WarmTemplate* current() const { return template_.get(); }

 private:
  void start(std::string python);

  static constexpr std::chrono::seconds kRetryStart{10};

  std::unique_ptr<WarmTemplate> template_;
  std::string python_;    // what the template was started for
  std::string why_cold_;  // why there is no template, when there is none
  std::chrono::steady_clock::time_point failed_start_{};
};

}  // namespace pysandbox
