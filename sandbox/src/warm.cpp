#include "pysandbox/warm.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <utility>
#include <vector>

#include "environment.hpp"
#include "wire.hpp"

namespace pysandbox {
namespace {

namespace fs = std::filesystem;

// How long a template may take to start its interpreter.
constexpr int kStartMs = 5000;

[[noreturn]] void fail(const std::string& what, int err = errno) {
  throw std::runtime_error(what + ": " + std::strerror(err));
}

// The template embeds one interpreter; the run must ask for that one:
// `/usr/bin/python3` -> /usr/bin/python3.11, prefix /usr, version 3.11.
void check_same_python(const fs::path& interpreter, const std::string& described) {
  const auto newline = described.find('\n');
  const std::string prefix = described.substr(0, newline);
  const std::string version = newline == std::string::npos ? "" : described.substr(newline + 1);
  if (interpreter.filename() != "python" + version ||
      interpreter.parent_path().parent_path() != fs::path(prefix)) {
    throw std::runtime_error("the warm template embeds python " + version + " under " + prefix +
                             ", not " + interpreter.string());
  }
}

}  // namespace

std::string template_binary() {
  std::error_code ec;
  const fs::path beside =
      fs::read_symlink("/proc/self/exe", ec).parent_path() / "pysandbox-template";
  if (!ec && ::access(beside.c_str(), X_OK) == 0) return beside.string();
  return PYSANDBOX_TEMPLATE_BINARY;
}

WarmTemplate::WarmTemplate(const std::string& python) : python_(python) {
  std::error_code ec;
  const fs::path interpreter = fs::canonical(python, ec);
  if (ec) throw std::runtime_error("python interpreter " + python + ": " + ec.message());
  const std::string binary = template_binary();
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) fail("socketpair");
  // Everything the child needs, prepared before the fork.
  std::vector<std::string> argv_storage = {binary, interpreter.string(),
                                           std::to_string(::getpid())};
  std::vector<char*> argv;
  argv.reserve(argv_storage.size() + 1);
  for (std::string& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_storage = sandbox_environment();
  // Every symbol bound at start-up, in the template: a run then writes no
  // GOT page and looks up no symbol on its first call of each function.
  // The template removes it before its interpreter reads the environment.
  env_storage.emplace_back("LD_BIND_NOW=1");
  std::vector<char*> envp;
  envp.reserve(env_storage.size() + 1);
  for (std::string& var : env_storage) envp.push_back(var.data());
  envp.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) fail("fork");
  if (pid == 0) {
    // Its control socket on fd 3, nothing to read or write on 0 and 1, the
    // caller's stderr for a failure to start, nothing else.
    const int null = ::open("/dev/null", O_RDWR);
    if (null < 0 || ::dup2(null, 0) != 0 || ::dup2(null, 1) != 1) ::_exit(126);
    if (::dup2(pair[1], 3) != 3) ::_exit(126);
    ::close_range(4, ~0U, 0);
    ::execve(binary.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(pair[1]);
  pid_ = pid;
  socket_ = pair[0];
  try {
    pollfd ready{socket_, POLLIN, 0};
    if (::poll(&ready, 1, kStartMs) != 1) {
      throw std::runtime_error("the warm template did not start within 5 s");
    }
    std::string message;
    if (!receive_message(socket_, message)) {
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
      throw std::runtime_error("the warm template " + binary + " failed to start (status " +
                               std::to_string(status) + ")");
    }
    Reader in(message);
    check_same_python(interpreter, in.bytes());
  } catch (...) {
    stop();
    throw;
  }
}

WarmTemplate::~WarmTemplate() {
  stop();
}

void WarmTemplate::stop() {
  standby_.reset();  // kills its processes and removes its cgroup
  if (socket_ >= 0) ::close(socket_);
  socket_ = -1;
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  pid_ = -1;
}

void WarmTemplate::mark_broken(const std::string& why) {
  if (failure_.empty()) failure_ = why;
}

WarmRunner::WarmRunner(std::string python) {
  start(std::move(python));
}

// By value: callers pass the old template's own name, which reset() frees.
void WarmRunner::start(std::string python) {
  template_.reset();
  python_ = std::move(python);
  try {
    template_ = std::make_unique<WarmTemplate>(python_);
    why_cold_.clear();
    prepare_standby(*template_);
  } catch (const std::exception& error) {
    why_cold_ = error.what();
    failed_start_ = std::chrono::steady_clock::now();
  }
}

RunResult WarmRunner::run(const RunRequest& request) {
  // A template that would not start is tried again after a while, not
  // before every run.
  const bool may_retry = std::chrono::steady_clock::now() - failed_start_ > kRetryStart;
  if ((template_ == nullptr && may_retry) || python_ != request.python) start(request.python);
  std::string why = why_cold_;
  bool replace = false;
  if (template_ != nullptr) {
    if (std::optional<RunResult> result = run_warm(request, *template_)) return *result;
    why = template_->failure();
    template_.reset();  // with its standby, before the cold run's init is cloned
    replace = true;
  }
  // Retried once, cold: nothing of the program ran in the failed attempt.
  RunResult result = pysandbox::run(request);
  result.detail += (result.detail.empty() ? "" : "; ") + ("ran cold: " + why);
  if (replace) start(request.python);  // for the next run, off this one's clock
  return result;
}

void WarmRunner::refresh() {
  if (template_ == nullptr) return;
  if (!template_->failure().empty() || template_->runs() >= kRunsPerTemplate ||
      (!prepare_standby(*template_) && !template_->failure().empty())) {
    start(template_->python());  // which prepares the new one's standby
  }
}

}  // namespace pysandbox
