// Benchmark (not a test): the wall time of a trivial program run in the
// sandbox, cold (a fresh python3) and warm (a child of a pre-started
// template), against a bare `python3 -I -S` of the same program and, when
// installed, `bwrap --unshare-all`, side by side in one run; then sandboxed
// runs per second through the pool at concurrency 1 and 2, and the memory
// an idle template holds. A warm run is timed as it comes to a ready
// worker, whose standby (the run's sandbox, built between runs) is ready;
// a second row adds the standby's building, as back-to-back runs pay it.
//
//   build/bin/sandbox-bench [--runs N] [--python /usr/bin/python3]
#include <fcntl.h>
#include <sched.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "pysandbox/pool.hpp"
#include "pysandbox/sandbox.hpp"
#include "pysandbox/warm.hpp"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kProgram = "print('hello')\n";

double percentile(std::vector<double> samples, double fraction) {
  std::sort(samples.begin(), samples.end());
  return samples[static_cast<std::size_t>(fraction * static_cast<double>(samples.size() - 1))];
}

double spawn_ms(const std::vector<std::string>& args) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& arg : copy) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const auto start = Clock::now();
  pid_t pid = 0;
  if (posix_spawn(&pid, copy[0].c_str(), &actions, nullptr, argv.data(), environ) != 0) {
    std::perror("posix_spawn");
    std::exit(1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  const auto elapsed = Clock::now() - start;
  posix_spawn_file_actions_destroy(&actions);
  return std::chrono::duration<double, std::milli>(elapsed).count();
}

void check(const pysandbox::RunResult& result) {
  if (result.verdict != pysandbox::Verdict::Ok || result.stdout_data != "hello\n" ||
      !result.detail.empty()) {
    std::fprintf(stderr, "sandboxed run failed: %s %s\n", pysandbox::verdict_name(result.verdict),
                 result.detail.c_str());
    std::exit(1);
  }
}

double cold_run_ms(const pysandbox::RunRequest& request) {
  const auto start = Clock::now();
  const pysandbox::RunResult result = pysandbox::run(request);
  const auto elapsed = Clock::now() - start;
  check(result);
  return std::chrono::duration<double, std::milli>(elapsed).count();
}

// A run handed to a ready worker: the pool's worker builds the next run's
// sandbox (its standby) between runs, as refresh() does here, off the
// run's clock. `cycle` gets what a worker spends per run back to back:
// the run and then its successor's standby.
double warm_run_ms(const pysandbox::RunRequest& request, pysandbox::WarmRunner& warm,
                   std::vector<double>& cycle) {
  const auto start = Clock::now();
  const pysandbox::RunResult result = warm.run(request);
  const auto elapsed = Clock::now() - start;
  check(result);
  warm.refresh();
  cycle.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  return std::chrono::duration<double, std::milli>(elapsed).count();
}

// Runs per second through a pool of `workers`, kept full.
double pool_rate(const pysandbox::RunRequest& request, unsigned workers, int runs) {
  pysandbox::Pool pool(workers, pysandbox::Pool::Mode::Warm);
  // Let every worker start its template before the clock starts.
  for (unsigned i = 0; i < workers; ++i) pool.submit({request, ""}, check);
  pool.run_until_idle();
  const auto start = Clock::now();
  for (int i = 0; i < runs; ++i) pool.submit({request, ""}, check);
  pool.run_until_idle();
  return runs / std::chrono::duration<double>(Clock::now() - start).count();
}

// Kilobytes of a process's memory: its resident set and its proportional
// share (PSS: pages shared with other processes count in part).
std::pair<long, long> memory_kb(pid_t pid) {
  FILE* file = std::fopen(("/proc/" + std::to_string(pid) + "/smaps_rollup").c_str(), "r");
  long rss = -1, pss = -1;
  if (file == nullptr) return {rss, pss};
  char line[256];
  while (std::fgets(line, sizeof line, file) != nullptr) {
    std::sscanf(line, "Rss: %ld kB", &rss);
    std::sscanf(line, "Pss: %ld kB", &pss);
  }
  std::fclose(file);
  return {rss, pss};
}

// The first child of a process, or -1.
pid_t first_child(pid_t pid) {
  const std::string path =
      "/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children";
  FILE* file = std::fopen(path.c_str(), "r");
  if (file == nullptr) return -1;
  long child = -1;
  if (std::fscanf(file, "%ld", &child) != 1) child = -1;
  std::fclose(file);
  return static_cast<pid_t>(child);
}

void pin_to_first_cpu(const cpu_set_t& allowed) {
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &allowed)) continue;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    sched_setaffinity(0, sizeof one, &one);
    return;
  }
}

std::string bwrap_path() {
  for (const char* path : {"/usr/bin/bwrap", "/usr/local/bin/bwrap"}) {
    if (access(path, X_OK) == 0) return path;
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 200;
  std::string python = "/usr/bin/python3";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--runs")
      runs = std::max(5, std::atoi(argv[i + 1]));
    else if (flag == "--python")
      python = argv[i + 1];
  }
  char script[] = "/tmp/sandbox-bench-XXXXXX.py";
  const int fd = mkstemps(script, 3);
  if (fd < 0 || write(fd, kProgram, std::char_traits<char>::length(kProgram)) < 0) return 1;
  close(fd);

  pysandbox::RunRequest request;
  request.box_files.push_back({"main.py", kProgram});
  request.python = python;

  // The three kinds are timed on one CPU, where a pool worker keeps its
  // template and runs (pysandbox/pool.hpp); the pool's rates below use the
  // CPUs as the pool itself places its workers.
  cpu_set_t all_cpus;
  CPU_ZERO(&all_cpus);
  sched_getaffinity(0, sizeof all_cpus, &all_cpus);
  pin_to_first_cpu(all_cpus);
  pysandbox::WarmRunner warm(python);
  const std::string bwrap = bwrap_path();
  const std::vector<std::string> bare_args{python, "-I", "-S", script};
  std::vector<std::string> bwrap_args{bwrap,
                                      "--unshare-all",
                                      "--die-with-parent",
                                      "--ro-bind",
                                      "/usr",
                                      "/usr",
                                      "--symlink",
                                      "usr/lib",
                                      "/lib",
                                      "--symlink",
                                      "usr/lib64",
                                      "/lib64",
                                      "--ro-bind",
                                      script,
                                      script,
                                      "--dev",
                                      "/dev",
                                      python,
                                      "-I",
                                      "-S",
                                      script};

  // Alternate blocks of each kind, so that drift on the machine hits all
  // alike, while work the kernel finishes after a run (namespace and cgroup
  // teardown) lands on the next run of the same kind. The first run of each
  // block is discarded: it pays for the other kinds' leftovers.
  constexpr int kBlock = 10;
  std::vector<double> bare, cold, warmed, cycles, wrapped;
  const auto block = [&](std::vector<double>& into, const auto& one) {
    for (int i = 0; i <= kBlock; ++i) {
      const double ms = one();
      if (i > 0) into.push_back(ms);
    }
  };
  while (static_cast<int>(bare.size()) < runs) {
    block(bare, [&] { return spawn_ms(bare_args); });
    block(cold, [&] { return cold_run_ms(request); });
    const std::size_t cycles_before = cycles.size();
    block(warmed, [&] { return warm_run_ms(request, warm, cycles); });
    // As in `block`: the first of the block is not counted.
    cycles.erase(cycles.begin() + static_cast<std::ptrdiff_t>(cycles_before));
    if (!bwrap.empty()) block(wrapped, [&] { return spawn_ms(bwrap_args); });
  }
  unlink(script);
  const double bare_ms = percentile(bare, 0.5);
  std::printf("program: print('hello'), %zu runs each, in alternating blocks of %d\n", bare.size(),
              kBlock);
  const auto row = [&](const std::string& label, const std::vector<double>& samples) {
    std::printf("%-46s %6.2f ms median, p99 %6.2f  (%.2fx bare)\n", label.c_str(),
                percentile(samples, 0.5), percentile(samples, 0.99),
                percentile(samples, 0.5) / bare_ms);
  };
  row("bare " + python + " -I -S", bare);
  row("pysandbox cold (every layer, fresh python3)", cold);
  row("pysandbox warm (every layer, template child)", warmed);
  row("  the same plus the next run's standby", cycles);
  if (wrapped.empty()) {
    std::printf("bwrap --unshare-all: not installed\n");
  } else {
    row("bwrap --unshare-all (peer, fewer layers)", wrapped);
  }
  if (const pysandbox::WarmTemplate* idle = warm.current()) {
    const auto [rss, pss] = memory_kb(idle->pid());
    std::printf("one idle template: %ld KiB resident, %ld KiB proportional (PSS)", rss, pss);
    // Its standby: init shares the template's memory; the payload is its
    // own copy of it, of which only what it has written is its own.
    const pid_t init = first_child(idle->pid());
    const pid_t payload = init > 0 ? first_child(init) : -1;
    if (payload > 0) std::printf("; its standby's payload: %ld KiB PSS", memory_kb(payload).second);
    std::printf("\n");
  }
  sched_setaffinity(0, sizeof all_cpus, &all_cpus);
  const int rate_runs = std::max(100, runs * 2);
  std::printf("warm runs per second through the pool: %.0f at concurrency 1, %.0f at 2\n",
              pool_rate(request, 1, rate_runs), pool_rate(request, 2, rate_runs));
  return 0;
}
