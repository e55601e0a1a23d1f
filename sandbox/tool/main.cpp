// pysandbox: the sandbox as a standalone tool. See README.md and
// docs/sandbox.md; the theory of operation is at the top of
// sandbox/src/sandbox.cpp.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "pool_server.hpp"
#include "pysandbox/warm.hpp"

namespace {

constexpr std::size_t kMaxProgramBytes = 4 << 20;
constexpr std::size_t kMaxPumpedStdin = 256 << 20;

int fail(const std::string& detail, int code) {
  pysandbox::RunResult result;
  result.detail = detail;
  std::cout << pysandbox::cli::to_json(result) << std::endl;
  return code;
}

// Regular files and pipes are handed to the program directly (re-opened
// read-only); a terminal or socket is read here first, so the program never
// holds such a descriptor.
void attach_stdin(pysandbox::RunRequest& request) {
  struct stat info {};
  if (::fstat(STDIN_FILENO, &info) != 0) return;  // closed: empty input
  if (S_ISREG(info.st_mode) || S_ISFIFO(info.st_mode)) {
    request.stdin_fd = STDIN_FILENO;
    return;
  }
  if (S_ISCHR(info.st_mode) && ::isatty(STDIN_FILENO) == 0) return;  // /dev/null and such
  std::string data;
  char buffer[65536];
  for (ssize_t got; (got = ::read(STDIN_FILENO, buffer, sizeof buffer)) > 0;) {
    data.append(buffer, static_cast<std::size_t>(got));
    if (data.size() > kMaxPumpedStdin) break;
  }
  request.stdin_data = std::move(data);
}

// One warm run: mostly for tests and comparisons (the template's start
// costs more than it saves; `pysandbox pool` keeps templates for many runs).
// As a pool's worker does between runs, the run's sandbox is built ahead
// of it (a standby, where the host allows one), so the sandbox's test
// cases go through that path; unit tests cover the other.
pysandbox::RunResult run_with_new_template(const pysandbox::RunRequest& request) {
  std::string why;
  try {
    pysandbox::WarmTemplate warm(request.python);
    pysandbox::prepare_standby(warm);
    if (auto result = pysandbox::run_warm(request, warm)) return *result;
    why = warm.failure();
  } catch (const std::exception& error) {
    why = error.what();
  }
  pysandbox::RunResult result = pysandbox::run(request);
  result.detail += (result.detail.empty() ? "" : "; ") + ("ran cold: " + why);
  return result;
}

// Through a running `pysandbox pool`; cold, saying so, when there is none.
pysandbox::RunResult run_in_pool(const std::string& socket, pysandbox::RunRequest request) {
  if (request.stdin_fd >= 0) {
    // The pool takes input as bytes: its workers never open our files.
    std::string data;
    char buffer[65536];
    for (ssize_t got; (got = ::read(request.stdin_fd, buffer, sizeof buffer)) > 0;) {
      data.append(buffer, static_cast<std::size_t>(got));
      if (data.size() > kMaxPumpedStdin) break;
    }
    request.stdin_data = std::move(data);
    request.stdin_fd = -1;
  }
  std::string why;
  if (auto result = pysandbox::cli::run_through_pool(socket, request, why)) return *result;
  pysandbox::RunResult result = pysandbox::run(request);
  result.detail += (result.detail.empty() ? "" : "; ") + ("ran cold: " + why);
  return result;
}

int run_tool(const std::vector<std::string>& args) {
  const auto parsed = pysandbox::cli::parse(args);
  if (const auto* error = std::get_if<pysandbox::cli::UsageError>(&parsed)) {
    std::cerr << "pysandbox: " << error->message << "\n" << pysandbox::cli::usage() << "\n";
    return fail("bad usage: " + error->message, 2);
  }
  const auto& options = std::get<pysandbox::cli::Options>(parsed);
  if (options.command == "pool") {
    return pysandbox::cli::serve_pool({options.socket, static_cast<unsigned>(options.size),
                                       static_cast<unsigned>(options.queue)});
  }
  if (options.command == "check") {
    const std::string problem = pysandbox::check_host();
    std::cout << (problem.empty() ? "ok: this machine can run the sandbox" : problem) << "\n";
    return problem.empty() ? 0 : 1;
  }

  std::ifstream program(options.program, std::ios::binary);
  if (!program) return fail("cannot read " + options.program, 2);
  std::ostringstream source;
  source << program.rdbuf();
  if (source.str().size() > kMaxProgramBytes) return fail("program larger than 4 MiB", 2);

  pysandbox::RunRequest request;
  request.box_files.push_back({"main.py", source.str()});
  request.scratch_files = options.files;
  request.python = options.python;
  request.limits = options.limits;
  attach_stdin(request);

  pysandbox::RunResult result;
  if (!options.pool.empty()) {
    result = run_in_pool(options.pool, request);
  } else if (options.warm) {
    result = run_with_new_template(request);
  } else {
    result = pysandbox::run(request);
  }
  std::cout << pysandbox::cli::to_json(result) << std::endl;
  return result.verdict == pysandbox::Verdict::InternalError ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run_tool(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& error) {
    // Out of memory or a failed write of the result: still one JSON object.
    return fail(std::string("pysandbox failed: ") + error.what(), 1);
  }
}
