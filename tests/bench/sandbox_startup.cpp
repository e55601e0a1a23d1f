// Benchmark (not a test): the median wall time of a trivial program run in
// the sandbox against a bare `python3 -I -S` of the same program, side by
// side in one run, and their ratio.
//
//   build/bin/sandbox-bench [--runs N] [--python /usr/bin/python3]
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "pysandbox/sandbox.hpp"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kProgram = "print('hello')\n";

double percentile(std::vector<double> samples, double fraction) {
  std::sort(samples.begin(), samples.end());
  return samples[static_cast<std::size_t>(fraction * static_cast<double>(samples.size() - 1))];
}

double bare_run_ms(const std::string& python, const std::string& script) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<std::string> args{python, "-I", "-S", script};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const auto start = Clock::now();
  pid_t pid = 0;
  if (posix_spawn(&pid, python.c_str(), &actions, nullptr, argv.data(), environ) != 0) {
    std::perror("posix_spawn");
    std::exit(1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  const auto elapsed = Clock::now() - start;
  posix_spawn_file_actions_destroy(&actions);
  return std::chrono::duration<double, std::milli>(elapsed).count();
}

double sandboxed_run_ms(const pysandbox::RunRequest& request) {
  const auto start = Clock::now();
  const pysandbox::RunResult result = pysandbox::run(request);
  const auto elapsed = Clock::now() - start;
  if (result.verdict != pysandbox::Verdict::Ok || result.stdout_data != "hello\n") {
    std::fprintf(stderr, "sandboxed run failed: %s %s\n", pysandbox::verdict_name(result.verdict),
                 result.detail.c_str());
    std::exit(1);
  }
  return std::chrono::duration<double, std::milli>(elapsed).count();
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

  // Alternate blocks of each, so that drift on the machine hits both alike,
  // while work the kernel finishes after a run (namespace and cgroup
  // teardown) lands on the next run of the same kind. The first run of each
  // block is discarded: it pays for the other kind's leftovers.
  constexpr int kBlock = 10;
  std::vector<double> bare, sandboxed;
  while (static_cast<int>(bare.size()) < runs) {
    for (int i = 0; i <= kBlock; ++i) {
      const double ms = bare_run_ms(python, script);
      if (i > 0) bare.push_back(ms);
    }
    for (int i = 0; i <= kBlock; ++i) {
      const double ms = sandboxed_run_ms(request);
      if (i > 0) sandboxed.push_back(ms);
    }
  }
  unlink(script);
  const double bare_ms = percentile(bare, 0.5);
  const double sandboxed_ms = percentile(sandboxed, 0.5);
  std::printf("program: print('hello'), %zu runs each, in alternating blocks of %d\n", bare.size(),
              kBlock);
  const auto row = [](const std::string& label, const std::vector<double>& samples) {
    std::printf("%-44s %6.2f ms median (p10 %.2f, p90 %.2f)\n", label.c_str(),
                percentile(samples, 0.5), percentile(samples, 0.1), percentile(samples, 0.9));
  };
  row("bare " + python + " -I -S", bare);
  row("pysandbox (cold: every layer, fresh python)", sandboxed);
  std::printf("ratio sandboxed / bare: %.2fx\n", sandboxed_ms / bare_ms);
  return 0;
}
