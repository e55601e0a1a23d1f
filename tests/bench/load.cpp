// proctord-load: a bounded load test of proctord, on loopback only. It starts
// a proctord of its own with a fresh data folder, makes one assessment and N
// invitations over REST, then holds N candidates' WebSockets that heartbeat,
// autosave and run samples the way busy candidates do, for a bounded time.
// It prints what the candidates felt (latencies) and what the daemon paid
// (memory per connection, threads, CPU time), then stops the daemon and
// removes its folder. `proctord-load --help` lists the options.
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bench_main.hpp"

namespace {

using bench::parse_bounded;
using bench::throw_if_interrupted;

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;
using std::chrono::milliseconds;
using std::chrono::seconds;
using namespace std::chrono_literals;

constexpr int kRampPerSecond = 200;  // new connections a second: a busy exam start, not a flood
constexpr auto kRampTick = 20ms;
constexpr auto kStartTimeout = 60s;      // proctord loads the bank and forks its sandbox workers
constexpr auto kStopTimeout = 15s;       // after SIGTERM, before SIGKILL
constexpr auto kRestTimeout = 15s;       // one REST call, connection included
constexpr auto kConnectTimeout = 10s;    // one TCP connect
constexpr auto kHandshakeTimeout = 10s;  // WebSocket opening and closing handshakes
constexpr auto kSignInSlack = 30s;       // after the ramp, for the last hello/start replies
constexpr auto kIdleBeforeSample = 2s;
constexpr auto kHeartbeat = 5s;
constexpr auto kDrainTimeout = 20s;  // for replies and run results still on their way
constexpr auto kCloseTimeout = 10s;
constexpr auto kLoopStep = 50ms;          // how often a waiting phase looks at its condition
constexpr std::size_t kClientQueue = 16;  // messages waiting to be written, per connection
constexpr std::size_t kMaxMessageBytes = std::size_t{1} << 20;
constexpr std::size_t kMinDraftBytes = 1024;
constexpr std::size_t kMaxDraftBytes = 2048;
constexpr int kRestConnections = 4;
constexpr int kMaxRestFailures = 20;
constexpr double kRequiredShare = 0.9;  // of the connections, established; else the run failed

// The code every run sends: a correct solution of number-sign (question 0),
// so every sample should come back ACCEPTED. Decimal, because the numbers
// may have a thousand digits.
constexpr const char* kSolution =
    "from decimal import Decimal\n"
    "\n"
    "value = Decimal(input().strip())\n"
    "print(\"positive\" if value > 0 else \"negative\" if value < 0 else \"zero\")\n";

// ---------------------------------------------------------------- options

struct Options {
  int connections = 100;
  int duration_s = 30;
  int autosave_ms = 2000;
  int run_ms = 20000;
  int grading_queue = 0;  // 0: proctord's own default
  std::string proctord = PROCTORD_BINARY;
  std::string problems = PROCTOR_PROBLEMS_DIR;
};

struct NumericOption {
  const char* name;
  int Options::*field;
  int low;
  int high;
};

// Every number is bounded, so that a run of this tool stays a bounded load.
constexpr NumericOption kNumericOptions[] = {
    {"--connections", &Options::connections, 1, 5000},
    {"--duration", &Options::duration_s, 1, 600},
    {"--autosave-ms", &Options::autosave_ms, 500, 60000},
    {"--run-ms", &Options::run_ms, 1000, 600000},
    {"--grading-queue", &Options::grading_queue, 1, 100000},
};

constexpr const char* kUsage =
    "usage: proctord-load [--connections N] [--duration S] [--autosave-ms MS] [--run-ms MS]\n"
    "                     [--grading-queue N] [--proctord PATH] [--problems DIR]\n"
    "\n"
    "Starts its own proctord on 127.0.0.1 with a fresh data folder, opens N candidate\n"
    "WebSockets (default 100, at most 5000) at 200 a second, and for S seconds (default 30,\n"
    "at most 600) each one pings every 5 s, saves its code every MS ms (default 2000,\n"
    "jittered) and runs the samples every MS ms (default 20000, jittered). Prints the\n"
    "latencies and the daemon's memory and CPU time, one figure a line, then a JSON line.\n"
    "--grading-queue is passed to proctord; --proctord and --problems replace the built\n"
    "ones. Exits 1 if the daemon did not start or under 90% of the connections opened.\n";

// False, after saying why on stderr, when `name` is not a numeric option or
// `value` is out of its bounds.
bool set_numeric_option(Options& options, const std::string& name, const std::string& value) {
  for (const NumericOption& option : kNumericOptions) {
    if (name != option.name) continue;
    const std::optional<int> number = parse_bounded(value, option.low, option.high);
    if (!number) {
      std::cerr << "proctord-load: " << name << " wants a whole number from " << option.low
                << " to " << option.high << "\n";
      return false;
    }
    options.*option.field = *number;
    return true;
  }
  std::cerr << "proctord-load: unknown option " << name << "\n" << kUsage;
  return false;
}

std::optional<Options> parse_options(const std::vector<std::string>& args) {
  Options options;
  for (std::size_t i = 0; i < args.size(); i += 2) {
    const std::string& name = args[i];
    if (i + 1 >= args.size()) {
      std::cerr << "proctord-load: " << name << " needs a value\n" << kUsage;
      return std::nullopt;
    }
    const std::string& value = args[i + 1];
    if (name == "--proctord") {
      options.proctord = value;
    } else if (name == "--problems") {
      options.problems = value;
    } else if (!set_numeric_option(options, name, value)) {
      return std::nullopt;
    }
  }
  return options;
}

// Runs the event loop until `done()` holds, `limit` passes or nothing is left
// to run; true when done.
bool run_until(net::io_context& io, const std::function<bool()>& done, Clock::duration limit) {
  const auto end = Clock::now() + limit;
  while (!done()) {
    throw_if_interrupted();
    if (Clock::now() >= end) return false;
    io.restart();
    io.run_for(kLoopStep);
    if (io.stopped() && !done()) return false;  // out of work: it will never be done
  }
  return true;
}

// Runs the event loop for `length`, whatever happens meanwhile.
void run_for(net::io_context& io, Clock::duration length) {
  run_until(
      io, [] { return false; }, length);
}

// ---------------------------------------------------------------- the daemon's process

// Each WebSocket is a descriptor here and another in proctord, which inherits
// this limit: 2000 connections need more than the usual soft limit of 1024.
rlim_t raise_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  limit.rlim_cur = limit.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) (void)::getrlimit(RLIMIT_NOFILE, &limit);
  return limit.rlim_cur;
}

// The fields of /proc/PID/stat after the command name, which may hold spaces:
// index 0 is field 3 of proc(5), the state.
std::optional<std::vector<std::string>> stat_fields(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(file, line)) return std::nullopt;
  const auto name_end = line.rfind(')');
  if (name_end == std::string::npos) return std::nullopt;
  std::istringstream rest(line.substr(name_end + 1));
  std::vector<std::string> fields;
  for (std::string field; rest >> field;) fields.push_back(field);
  if (fields.size() < 15) return std::nullopt;
  return fields;
}

constexpr std::size_t kParentField = 1;  // ppid
constexpr std::size_t kUserTimeField = 11;
constexpr std::size_t kSystemTimeField = 12;
constexpr std::size_t kChildrenUserTimeField = 13;
constexpr std::size_t kChildrenSystemTimeField = 14;

double clock_ticks_to_seconds(const std::string& ticks) {
  return std::stod(ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

struct ProcessSample {
  long rss_kib = 0;
  int threads = 0;
  double cpu_s = 0;  // user and system time of all its threads
};

std::optional<ProcessSample> sample_process(pid_t pid) {
  const auto fields = stat_fields(pid);
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  if (!fields || !status) return std::nullopt;
  ProcessSample sample;
  sample.cpu_s = clock_ticks_to_seconds((*fields)[kUserTimeField]) +
                 clock_ticks_to_seconds((*fields)[kSystemTimeField]);
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) sample.rss_kib = std::stol(line.substr(6));
    if (line.rfind("Threads:", 0) == 0) sample.threads = std::stoi(line.substr(8));
  }
  return sample;
}

// CPU seconds of the daemon's child processes, its sandbox workers, with the
// children they have waited for: the candidates' programs. Not in the
// daemon's own figure, and most of what a run costs.
double children_cpu_s(pid_t parent) {
  double total = 0;
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ignored)) {
    const std::optional<int> pid = parse_bounded(entry.path().filename().string(), 1, INT32_MAX);
    if (!pid) continue;
    const auto fields = stat_fields(*pid);
    if (!fields || (*fields)[kParentField] != std::to_string(parent)) continue;
    for (const std::size_t field :
         {kUserTimeField, kSystemTimeField, kChildrenUserTimeField, kChildrenSystemTimeField}) {
      total += clock_ticks_to_seconds((*fields)[field]);
    }
  }
  return total;
}

std::string describe_exit(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

// Its status once the child has exited, or nullopt after `limit`.
std::optional<int> wait_for_exit(pid_t pid, Clock::duration limit) {
  const auto end = Clock::now() + limit;
  while (true) {
    int status = 0;
    const pid_t waited = ::waitpid(pid, &status, WNOHANG);
    if (waited == pid) return status;
    if (waited < 0 && errno != EINTR) return -1;
    if (Clock::now() >= end) return std::nullopt;
    std::this_thread::sleep_for(20ms);
  }
}

// proctord as a child process, with a temporary folder holding its data and
// its log (its standard error). Stopped, and the folder removed, on
// destruction: on every way out of this tool but SIGKILL.
class Daemon {
 public:
  Daemon() = default;
  ~Daemon() {
    stop();
    if (!root_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(root_, ignored);
    }
  }
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Throws when proctord does not say where it listens, and the admin's
  // one-time password, within kStartTimeout.
  void start(const Options& options) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "proctord-load-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = pattern;
    spawn(command(options));
    read_greeting();
    drain_ = std::thread([this] { drain_output(); });
  }

  // SIGTERM, then SIGKILL to its process group if it does not stop in time.
  void stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      std::optional<int> status = wait_for_exit(pid_, kStopTimeout);
      if (!status) {
        ::kill(-pid_, SIGKILL);
        status = wait_for_exit(pid_, kStopTimeout);
      }
      exit_ = status ? describe_exit(*status) : "did not exit";
      pid_ = -1;
    }
    stop_draining_ = true;
    if (drain_.joinable()) drain_.join();
    if (output_ >= 0) {
      ::close(output_);
      output_ = -1;
    }
  }

  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] unsigned short port() const { return port_; }
  [[nodiscard]] const std::string& admin_password() const { return password_; }
  [[nodiscard]] const std::string& exit_description() const { return exit_; }
  [[nodiscard]] std::filesystem::path log_path() const { return root_ / "proctord.log"; }

 private:
  [[nodiscard]] std::vector<std::string> command(const Options& options) const {
    std::vector<std::string> args = {options.proctord, "--data-dir",  (root_ / "data").string(),
                                     "--listen",       "127.0.0.1:0", "--problems",
                                     options.problems, "--log-level", "warning"};
    if (options.grading_queue > 0) {
      args.emplace_back("--grading-queue");
      args.push_back(std::to_string(options.grading_queue));
    }
    return args;
  }

  void spawn(std::vector<std::string> args) {
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    const int log = ::open(log_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    // Everything the child needs is made before fork: it only calls execv.
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ == 0) {
      // Its own process group, so that Ctrl-C reaches only this tool, which
      // then stops it in order; and it dies with this tool, whatever happens.
      ::setpgid(0, 0);
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(127);
      ::dup2(pipe_fds[1], STDOUT_FILENO);
      if (log >= 0) ::dup2(log, STDERR_FILENO);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(pipe_fds[1]);
    if (log >= 0) ::close(log);
    output_ = pipe_fds[0];
    if (pid_ < 0) throw std::runtime_error("fork failed");
    ::setpgid(pid_, pid_);
  }

  // Reads its standard output until the "listening on" line.
  void read_greeting() {
    const auto end = Clock::now() + kStartTimeout;
    std::string text;
    while (port_ == 0) {
      throw_if_interrupted();
      const auto left = std::chrono::duration_cast<milliseconds>(end - Clock::now());
      if (left.count() <= 0) throw std::runtime_error("proctord did not start in time");
      pollfd ready{output_, POLLIN, 0};
      if (::poll(&ready, 1, static_cast<int>(left.count())) <= 0) continue;
      char chunk[4096];
      const ssize_t got = ::read(output_, chunk, sizeof chunk);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) throw std::runtime_error("proctord exited before it listened");
      text.append(chunk, static_cast<std::size_t>(got));
      for (auto newline = text.find('\n'); newline != std::string::npos;
           newline = text.find('\n')) {
        take_greeting_line(text.substr(0, newline));
        text.erase(0, newline + 1);
      }
    }
    if (password_.empty()) throw std::runtime_error("proctord did not print the admin password");
  }

  void take_greeting_line(const std::string& line) {
    constexpr std::string_view kPassword = "one-time password: ";
    constexpr std::string_view kListening = "listening on http://127.0.0.1:";
    if (const auto at = line.find(kPassword); at != std::string::npos) {
      password_ = line.substr(at + kPassword.size());
      password_.erase(password_.find_last_not_of(" \r") + 1);
    }
    if (const auto at = line.find(kListening); at != std::string::npos) {
      const std::string_view rest = std::string_view(line).substr(at + kListening.size());
      const auto port = parse_bounded(rest.substr(0, rest.find('/')), 1, 65535);
      if (!port) throw std::runtime_error("proctord printed an unreadable address: " + line);
      port_ = static_cast<unsigned short>(*port);
    }
  }

  // Keeps reading what it prints, so that it never blocks on a full pipe;
  // looks at the stop flag every 200 ms, since its sandbox workers may hold
  // the pipe open after it exits.
  void drain_output() {
    char chunk[4096];
    while (!stop_draining_) {
      pollfd ready{output_, POLLIN, 0};
      if (::poll(&ready, 1, 200) <= 0) continue;
      const ssize_t got = ::read(output_, chunk, sizeof chunk);
      if (got == 0 || (got < 0 && errno != EINTR)) return;
    }
  }

  std::filesystem::path root_;
  pid_t pid_ = -1;
  int output_ = -1;
  std::atomic<bool> stop_draining_{false};
  std::thread drain_;
  unsigned short port_ = 0;
  std::string password_;
  std::string exit_ = "still running";
};

// What the daemon logged at warning and above (the level it runs at).
struct LogSummary {
  int warnings = 0;
  int errors = 0;
  std::map<std::string, int> messages;  // "msg=" value → lines
};

std::string log_message_of(const std::string& line) {
  const auto at = line.find(" msg=");
  if (at == std::string::npos) return line;
  const std::size_t start = at + 5;
  if (line.compare(start, 1, "\"") == 0) {
    return line.substr(start + 1, line.find('"', start + 1) - start - 1);
  }
  return line.substr(start, line.find(' ', start) - start);
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

LogSummary summarize_log(const std::filesystem::path& path) {
  LogSummary summary;
  std::ifstream log(path);
  for (std::string line; std::getline(log, line);) {
    if (line.find(" level=warning ") != std::string::npos) ++summary.warnings;
    if (line.find(" level=error ") != std::string::npos) ++summary.errors;
    ++summary.messages[log_message_of(line)];
  }
  return summary;
}

// ---------------------------------------------------------------- figures

struct LatencySummary {
  std::size_t count = 0;
  double p50_ms = 0;
  double p90_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

// Every latency, in microseconds: a few million at most in one run.
class Latencies {
 public:
  void add(Clock::duration elapsed) {
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
    micros_.push_back(static_cast<std::uint32_t>(std::clamp<std::int64_t>(micros, 0, UINT32_MAX)));
  }

  [[nodiscard]] LatencySummary summarize() const {
    std::vector<std::uint32_t> sorted = micros_;
    std::sort(sorted.begin(), sorted.end());
    LatencySummary summary;
    summary.count = sorted.size();
    if (sorted.empty()) return summary;
    // Nearest rank: the smallest sample with at least p% of them at or below it.
    const auto rank = [&sorted](double percent) {
      const auto index =
          static_cast<std::size_t>(std::ceil(percent / 100 * static_cast<double>(sorted.size())));
      return static_cast<double>(sorted[std::max<std::size_t>(index, 1) - 1]) / 1000;
    };
    summary.p50_ms = rank(50);
    summary.p90_ms = rank(90);
    summary.p99_ms = rank(99);
    summary.max_ms = static_cast<double>(sorted.back()) / 1000;
    return summary;
  }

 private:
  std::vector<std::uint32_t> micros_;
};

// What the candidates' side saw. One io_context thread touches it: no lock.
struct Stats {
  int requested = 0;
  int established = 0;
  int failed = 0;
  int dropped = 0;   // established, then closed by the server
  int replaced = 0;  // "replaced" received: should never happen, one token a connection
  std::map<std::string, int> failures;  // "stage: why" → connections
  int pings_sent = 0;
  int saves_sent = 0;
  int runs_sent = 0;
  int runs_queued = 0;
  int runs_cancelled = 0;
  int results_unmatched = 0;  // a run_result for no run_queued we saw
  int sample_tests = 0;
  int samples_accepted = 0;
  Latencies autosave;
  Latencies run;
  Latencies ping;
  std::map<std::string, int> run_refusals;  // error code in reply to a run → count
  std::map<std::string, int> errors;        // every error received, by code
  int client_queue_full = 0;                // messages this tool could not even queue
  int unparsable = 0;
};

// ---------------------------------------------------------------- REST, as the admin

struct AdminSession {
  std::string cookie;  // "proctor_session=..."
  std::string csrf;
};

// One keep-alive HTTP connection to proctord, one request at a time;
// (re)connects when it has to.
class RestConnection : public std::enable_shared_from_this<RestConnection> {
 public:
  using Done = std::function<void(beast::error_code, Response)>;

  RestConnection(net::io_context& io, tcp::endpoint endpoint)
      : stream_(io), endpoint_(std::move(endpoint)) {}

  void call(Request request, Done done) {
    request_ = std::move(request);
    done_ = std::move(done);
    // One deadline for the whole call: connect, write and read.
    stream_.expires_after(kRestTimeout);
    if (connected_) {
      write();
      return;
    }
    stream_.async_connect(endpoint_, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->finish(ec);
      self->connected_ = true;
      self->write();
    });
  }

 private:
  void write() {
    http::async_write(stream_, request_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->finish(ec);
                        self->read();
                      });
  }

  void read() {
    response_ = {};
    http::async_read(stream_, buffer_, response_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (!ec && !self->response_.keep_alive()) self->disconnect();
                       self->finish(ec);
                     });
  }

  void finish(beast::error_code ec) {
    if (ec) disconnect();
    Done done = std::move(done_);
    done(ec, std::move(response_));
  }

  void disconnect() {
    connected_ = false;
    buffer_.clear();
    stream_.close();
  }

  beast::tcp_stream stream_;
  tcp::endpoint endpoint_;
  beast::flat_buffer buffer_;
  Request request_;
  Response response_;
  Done done_;
  bool connected_ = false;
};

Request json_post(const std::string& target, const json& body, const AdminSession* admin) {
  Request request{http::verb::post, target, 11};
  request.set(http::field::host, "127.0.0.1");
  request.set(http::field::content_type, "application/json");
  if (admin != nullptr) {
    request.set(http::field::cookie, admin->cookie);
    request.set("X-CSRF-Token", admin->csrf);
  }
  request.body() = body.dump();
  request.keep_alive(true);
  request.prepare_payload();
  return request;
}

std::string describe_reply(const Response& response) {
  return std::to_string(response.result_int()) + " " + response.body().substr(0, 200);
}

// One call, waited for: the steps before the load are sequential anyway.
Response call_and_wait(net::io_context& io, const std::shared_ptr<RestConnection>& connection,
                       Request request, http::status expected) {
  const std::string target(request.target());
  bool done = false;
  beast::error_code failure;
  Response reply;
  connection->call(std::move(request), [&](beast::error_code ec, Response response) {
    failure = ec;
    reply = std::move(response);
    done = true;
  });
  // The connection's own deadline ends the call first; this is a backstop.
  if (!run_until(
          io, [&done] { return done; }, kRestTimeout + 5s)) {
    throw std::runtime_error("no reply to " + target);
  }
  if (failure) throw std::runtime_error(target + " failed: " + failure.message());
  if (reply.result() != expected) {
    throw std::runtime_error(target + " answered " + describe_reply(reply));
  }
  return reply;
}

json body_of(const Response& response) {
  json body = json::parse(response.body(), nullptr, false);
  if (!body.is_object()) throw std::runtime_error("a reply is not a JSON object");
  return body;
}

AdminSession sign_in(net::io_context& io, const std::shared_ptr<RestConnection>& connection,
                     const std::string& password) {
  const Response reply = call_and_wait(
      io, connection,
      json_post("/api/login", {{"email", "admin@localhost"}, {"password", password}}, nullptr),
      http::status::ok);
  const std::string set_cookie(reply[http::field::set_cookie]);
  AdminSession admin{set_cookie.substr(0, set_cookie.find(';')),
                     body_of(reply).value("csrf_token", "")};
  if (admin.cookie.empty() || admin.csrf.empty())
    throw std::runtime_error("sign-in gave no session");
  return admin;
}

std::int64_t create_assessment(net::io_context& io,
                               const std::shared_ptr<RestConnection>& connection,
                               const AdminSession& admin) {
  const json assessment = {{"title", "load"},
                           {"duration_minutes", 120},
                           {"items", {{{"problem", "number-sign"}}, {{"problem", "gcd"}}}}};
  const Response reply = call_and_wait(
      io, connection, json_post("/api/assessments", assessment, &admin), http::status::created);
  return body_of(reply).value("id", std::int64_t{0});
}

// N invitations, made on a few keep-alive connections at once: each takes the
// next number until all are made or too many calls have failed.
struct InvitationBatch {
  InvitationBatch(const AdminSession& session, std::int64_t assessment, int count)
      : admin(session),
        target("/api/assessments/" + std::to_string(assessment) + "/invitations"),
        total(count) {}

  const AdminSession& admin;
  std::string target;  // /api/assessments/{id}/invitations
  int total;
  int next = 0;
  int writers = 0;  // connections still working
  int failures = 0;
  std::string first_failure;
  std::vector<std::string> tokens;
};

void note_invitation(InvitationBatch& batch, beast::error_code ec, const Response& reply) {
  std::string token;
  if (!ec && reply.result() == http::status::created) {
    const json body = json::parse(reply.body(), nullptr, false);
    if (body.is_object()) token = body.value("token", "");
  }
  if (!token.empty()) {
    batch.tokens.push_back(std::move(token));
    return;
  }
  ++batch.failures;
  if (batch.first_failure.empty()) batch.first_failure = ec ? ec.message() : describe_reply(reply);
}

void invite_next(const std::shared_ptr<RestConnection>& connection, InvitationBatch& batch) {
  if (batch.next >= batch.total || batch.failures >= kMaxRestFailures) {
    --batch.writers;
    return;
  }
  const std::string number = std::to_string(batch.next++);
  const json candidate = {{"candidate_name", "Load candidate " + number},
                          {"candidate_email", "candidate" + number + "@load.invalid"}};
  connection->call(json_post(batch.target, candidate, &batch.admin),
                   [connection, &batch](beast::error_code ec, const Response& reply) {
                     note_invitation(batch, ec, reply);
                     invite_next(connection, batch);
                   });
}

std::vector<std::string> create_invitations(net::io_context& io, const tcp::endpoint& endpoint,
                                            const AdminSession& admin, std::int64_t assessment,
                                            int count) {
  InvitationBatch batch(admin, assessment, count);
  batch.writers = std::min(kRestConnections, count);
  for (int i = 0; i < batch.writers; ++i) {
    invite_next(std::make_shared<RestConnection>(io, endpoint), batch);
  }
  const Clock::duration limit = 60s + count * 20ms;
  if (!run_until(
          io, [&batch] { return batch.writers == 0; }, limit)) {
    throw std::runtime_error("creating the invitations did not finish in time");
  }
  if (static_cast<int>(batch.tokens.size()) < count) {
    throw std::runtime_error("made " + std::to_string(batch.tokens.size()) + " invitations of " +
                             std::to_string(count) + "; first failure: " + batch.first_failure);
  }
  return std::move(batch.tokens);
}

// ---------------------------------------------------------------- candidates

// What every connection shares. One thread runs them all.
struct LoadContext {
  LoadContext(net::io_context& context, tcp::endpoint server, const Options& chosen)
      : io(context),
        endpoint(std::move(server)),
        host("127.0.0.1:" + std::to_string(endpoint.port())),
        options(chosen) {}

  net::io_context& io;
  tcp::endpoint endpoint;
  std::string host;  // the Host header: "127.0.0.1:PORT"
  const Options& options;
  std::mt19937 random{std::random_device{}()};
  Stats stats;

  // Uniform in [low, high].
  Clock::duration between(Clock::duration low, Clock::duration high) {
    std::uniform_int_distribution<Clock::rep> pick(low.count(), high.count());
    return Clock::duration(pick(random));
  }
  // A period of about `base`, give or take a quarter, so that connections
  // that started together drift apart.
  Clock::duration jittered(Clock::duration base) { return between(base * 3 / 4, base * 5 / 4); }
};

// What an autosave sends: the solution being typed, 1 to 2 KiB, different
// every time (the revision), as a candidate's editor would send it.
std::string draft_code(int revision, std::size_t length) {
  std::string code = "# draft " + std::to_string(revision) + "\n" + kSolution;
  const std::string note =
      "# revision " + std::to_string(revision) + ": check -0, a leading + and 1000 digits\n";
  while (code.size() < length) code += note;
  return code;
}

std::optional<std::int64_t> integer_field(const json& message, const char* key) {
  const auto found = message.find(key);
  if (found == message.end() || !found->is_number_integer()) return std::nullopt;
  return found->get<std::int64_t>();
}

std::string string_field(const json& message, const char* key) {
  const auto found = message.find(key);
  return found != message.end() && found->is_string() ? found->get<std::string>() : "";
}

// One candidate's WebSocket: signs in with its token, starts the attempt,
// then (between begin_activity and end_activity) heartbeats, autosaves and
// runs the samples on timers. One write in flight; the rest wait in a small
// queue. Every message carries an id, so that replies are matched to it.
class AttemptClient : public std::enable_shared_from_this<AttemptClient> {
 public:
  AttemptClient(LoadContext& load, std::string token)
      : load_(load),
        token_(std::move(token)),
        ws_(load.io),
        ping_timer_(load.io),
        save_timer_(load.io),
        run_timer_(load.io) {}

  void open() {
    stage_ = Stage::Connecting;
    beast::get_lowest_layer(ws_).expires_after(kConnectTimeout);
    beast::get_lowest_layer(ws_).async_connect(
        load_.endpoint,
        [self = shared_from_this()](beast::error_code ec) { self->on_connect(ec); });
  }

  void begin_activity() {
    if (stage_ != Stage::Established) return;
    active_ = true;
    const Clock::duration save = milliseconds(load_.options.autosave_ms);
    const Clock::duration run = milliseconds(load_.options.run_ms);
    // A random first moment in each period: not all at once.
    arm(ping_timer_, load_.between(0s, kHeartbeat), &AttemptClient::ping);
    arm(save_timer_, load_.between(0s, save), &AttemptClient::save);
    arm(run_timer_, load_.between(0s, run), &AttemptClient::run);
  }

  // No more messages; replies and run results still count.
  void end_activity() {
    active_ = false;
    ping_timer_.cancel();
    save_timer_.cancel();
    run_timer_.cancel();
  }

  // A WebSocket close once what is queued is written.
  void close() {
    end_activity();
    if (stage_ != Stage::Established) return;
    stage_ = Stage::Closing;
    if (queue_.empty()) close_now();
  }

  // Still signing in when every other connection has settled.
  void give_up() {
    if (!settled()) fail("sign-in", "no reply in time");
  }

  [[nodiscard]] bool settled() const {
    return stage_ != Stage::Idle && stage_ != Stage::Connecting && stage_ != Stage::SigningIn &&
           stage_ != Stage::Starting;
  }
  [[nodiscard]] bool established() const { return stage_ == Stage::Established; }
  [[nodiscard]] bool ended() const { return stage_ == Stage::Closed || stage_ == Stage::Failed; }
  [[nodiscard]] bool awaiting_replies() const {
    return stage_ == Stage::Established && (!pending_.empty() || !runs_.empty());
  }

 private:
  enum class Stage { Idle, Connecting, SigningIn, Starting, Established, Closing, Closed, Failed };
  enum class Sent { Hello, Start, Ping, Save, Run };
  struct Pending {
    Sent kind;
    Clock::time_point at;
  };

  void on_connect(beast::error_code ec) {
    if (ec) return fail("connect", ec.message());
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = kHandshakeTimeout;  // the closing handshake too
    timeouts.idle_timeout = websocket::stream_base::none();
    timeouts.keep_alive_pings = false;
    ws_.set_option(timeouts);
    ws_.read_message_max(kMaxMessageBytes);
    ws_.async_handshake(load_.host, "/ws/attempt",
                        [self = shared_from_this()](beast::error_code handshake_error) {
                          self->on_handshake(handshake_error);
                        });
  }

  void on_handshake(beast::error_code ec) {
    if (ec) return fail("handshake", ec.message());
    stage_ = Stage::SigningIn;
    read();
    send(Sent::Hello, {{"type", "hello"}, {"token", token_}});
  }

  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_read(ec);
    });
  }

  void on_read(beast::error_code ec) {
    if (ec) return on_disconnected(ec);
    const json message = json::parse(beast::buffers_to_string(buffer_.data()), nullptr, false);
    buffer_.consume(buffer_.size());
    if (message.is_object()) {
      handle(message);
    } else {
      ++load_.stats.unparsable;
    }
    if (!ended()) read();
  }

  void on_disconnected(beast::error_code ec) {
    end_activity();
    pending_.clear();
    runs_.clear();
    if (stage_ == Stage::Closing) {
      stage_ = Stage::Closed;  // our own close
    } else if (stage_ == Stage::Established) {
      stage_ = Stage::Closed;
      ++load_.stats.dropped;
      ++load_.stats.failures["dropped: " + ec.message()];
    } else if (!ended()) {
      fail(stage_ == Stage::SigningIn ? "hello" : "start", ec.message());
    }
  }

  void fail(const std::string& stage, const std::string& why) {
    if (ended()) return;
    stage_ = Stage::Failed;
    ++load_.stats.failed;
    ++load_.stats.failures[stage + ": " + why];
    end_activity();
    beast::get_lowest_layer(ws_).close();
  }

  void handle(const json& message) {
    const std::string type = string_field(message, "type");
    const std::optional<Pending> request = take_pending(message);
    if (type == "error") return on_error(message, request);
    if (type == "welcome" && stage_ == Stage::SigningIn) {
      stage_ = Stage::Starting;
      send(Sent::Start, {{"type", "start"}});
    } else if (type == "started" && stage_ == Stage::Starting) {
      stage_ = Stage::Established;
      ++load_.stats.established;
    } else if (type == "pong") {
      record(load_.stats.ping, request, Sent::Ping);
    } else if (type == "saved") {
      record(load_.stats.autosave, request, Sent::Save);
    } else if (type == "run_queued") {
      on_run_queued(message, request);
    } else if (type == "run_result") {
      on_run_result(message);
    } else if (type == "replaced") {
      ++load_.stats.replaced;
    }
    // "time", "warning" and anything newer: not what this tool measures.
  }

  // The request a reply answers, by its in_reply_to, removed from the waiting.
  std::optional<Pending> take_pending(const json& message) {
    const std::optional<std::int64_t> id = integer_field(message, "in_reply_to");
    if (!id) return std::nullopt;
    const auto found = pending_.find(*id);
    if (found == pending_.end()) return std::nullopt;
    const Pending pending = found->second;
    pending_.erase(found);
    return pending;
  }

  static void record(Latencies& latencies, const std::optional<Pending>& request, Sent expected) {
    if (request && request->kind == expected) latencies.add(Clock::now() - request->at);
  }

  void on_error(const json& message, const std::optional<Pending>& request) {
    const std::string code = string_field(message, "code");
    ++load_.stats.errors[code];
    if (stage_ == Stage::SigningIn || stage_ == Stage::Starting) {
      return fail(stage_ == Stage::SigningIn ? "hello" : "start", code);
    }
    if (request && request->kind == Sent::Run) ++load_.stats.run_refusals[code];
  }

  void on_run_queued(const json& message, const std::optional<Pending>& request) {
    const std::optional<std::int64_t> run = integer_field(message, "run");
    if (!run || !request) return;
    ++load_.stats.runs_queued;
    // The time to result counts from sending "run", not from its queueing.
    runs_[*run] = request->at;
  }

  void on_run_result(const json& message) {
    const std::optional<std::int64_t> run = integer_field(message, "run");
    const auto found = run ? runs_.find(*run) : runs_.end();
    if (found == runs_.end()) {
      ++load_.stats.results_unmatched;
      return;
    }
    load_.stats.run.add(Clock::now() - found->second);
    runs_.erase(found);
    if (message.value("cancelled", false)) ++load_.stats.runs_cancelled;
    const auto tests = message.find("tests");
    if (tests == message.end() || !tests->is_array()) return;
    for (const json& test : *tests) {
      ++load_.stats.sample_tests;
      if (test.is_object() && string_field(test, "verdict") == "ACCEPTED") {
        ++load_.stats.samples_accepted;
      }
    }
  }

  void arm(net::steady_timer& timer, Clock::duration delay, void (AttemptClient::*action)()) {
    timer.expires_after(delay);
    timer.async_wait([self = shared_from_this(), action](beast::error_code ec) {
      if (!ec && self->active_) (self.get()->*action)();
    });
  }

  void ping() {
    send(Sent::Ping, {{"type", "ping"}});
    ++load_.stats.pings_sent;
    arm(ping_timer_, kHeartbeat, &AttemptClient::ping);
  }

  void save() {
    const std::size_t length =
        std::uniform_int_distribution<std::size_t>(kMinDraftBytes, kMaxDraftBytes)(load_.random);
    send(Sent::Save,
         {{"type", "save_code"}, {"question", 0}, {"code", draft_code(++revision_, length)}});
    ++load_.stats.saves_sent;
    arm(save_timer_, load_.jittered(milliseconds(load_.options.autosave_ms)), &AttemptClient::save);
  }

  void run() {
    send(Sent::Run, {{"type", "run"}, {"question", 0}, {"code", kSolution}});
    ++load_.stats.runs_sent;
    arm(run_timer_, load_.jittered(milliseconds(load_.options.run_ms)), &AttemptClient::run);
  }

  void send(Sent kind, json message) {
    if (stage_ == Stage::Closing || ended()) return;
    if (queue_.size() >= kClientQueue) {
      ++load_.stats.client_queue_full;
      return;
    }
    const std::int64_t id = next_id_++;
    message["id"] = id;
    pending_[id] = Pending{kind, Clock::now()};
    queue_.push_back(message.dump());
    if (queue_.size() == 1) write();
  }

  void write() {
    ws_.text(true);
    ws_.async_write(
        net::buffer(queue_.front()),
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    if (ec) {
      queue_.clear();  // the pending read reports why
      return;
    }
    queue_.pop_front();
    if (!queue_.empty()) {
      write();
    } else if (stage_ == Stage::Closing) {
      close_now();
    }
  }

  // The read in flight ends with the close, and marks the connection closed.
  void close_now() {
    ws_.async_close(websocket::close_code::normal,
                    [self = shared_from_this()](beast::error_code) {});
  }

  LoadContext& load_;
  std::string token_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  net::steady_timer ping_timer_;
  net::steady_timer save_timer_;
  net::steady_timer run_timer_;
  std::deque<std::string> queue_;
  std::unordered_map<std::int64_t, Pending> pending_;         // by message id
  std::unordered_map<std::int64_t, Clock::time_point> runs_;  // by run id: when "run" was sent
  std::int64_t next_id_ = 1;
  int revision_ = 0;
  Stage stage_ = Stage::Idle;
  bool active_ = false;
};

using Clients = std::vector<std::shared_ptr<AttemptClient>>;

// Opens kRampPerSecond connections a second, from `from` on.
void open_gradually(net::steady_timer& timer, const Clients& clients, std::size_t from) {
  constexpr std::size_t kPerTick =
      kRampPerSecond * std::chrono::duration_cast<milliseconds>(kRampTick).count() / 1000;
  const std::size_t to = std::min(clients.size(), from + kPerTick);
  for (std::size_t i = from; i < to; ++i) clients[i]->open();
  if (to == clients.size()) return;
  timer.expires_after(kRampTick);
  timer.async_wait([&timer, &clients, to](beast::error_code ec) {
    if (!ec) open_gradually(timer, clients, to);
  });
}

// Opens every connection and waits until each is in its attempt or failed.
void connect_all(LoadContext& load, const Clients& clients) {
  net::steady_timer ramp(load.io);
  open_gradually(ramp, clients, 0);
  const Clock::duration limit = seconds(clients.size() / kRampPerSecond + 1) + kSignInSlack;
  run_until(
      load.io,
      [&clients] {
        return std::all_of(clients.begin(), clients.end(),
                           [](const auto& client) { return client->settled(); });
      },
      limit);
  ramp.cancel();
  for (const auto& client : clients) client->give_up();
}

void wait_for_replies(LoadContext& load, const Clients& clients) {
  run_until(
      load.io,
      [&clients] {
        return std::none_of(clients.begin(), clients.end(),
                            [](const auto& client) { return client->awaiting_replies(); });
      },
      kDrainTimeout);
}

void close_all(LoadContext& load, const Clients& clients) {
  for (const auto& client : clients) client->close();
  run_until(
      load.io,
      [&clients] {
        return std::all_of(clients.begin(), clients.end(),
                           [](const auto& client) { return client->ended(); });
      },
      kCloseTimeout);
}

// ---------------------------------------------------------------- the report

// What the daemon paid, from /proc.
struct DaemonFigures {
  std::optional<ProcessSample> before;     // signed in, invitations made, no WebSocket
  std::optional<ProcessSample> connected;  // every connection in its attempt, idle 2 s
  std::optional<ProcessSample> end;        // after the run and its replies, still connected
  double run_wall_s = 0;
  double workers_cpu_s = 0;  // its sandbox workers and their programs, during the run
  std::optional<double> run_cpu_s;
  std::string exit;
  LogSummary log;
};

json rounded(double value, int digits = 2) {
  const double scale = std::pow(10.0, digits);
  return std::round(value * scale) / scale;
}

// Each figure is printed as a line when added, and kept for the JSON line.
class Report {
 public:
  void add(const char* group, const char* key, const std::string& label, const json& value,
           const char* unit = "") {
    std::cout << label << ": ";
    if (value.is_null()) {
      std::cout << "n/a";
    } else {
      std::cout << (value.is_string() ? value.get<std::string>() : value.dump());
      if (*unit != '\0') std::cout << " " << unit;
    }
    std::cout << "\n";
    summary_[group][key] = value;
  }

  void add_latencies(const char* group, const std::string& what, const LatencySummary& figures) {
    const bool any = figures.count > 0;
    add(group, "p50_ms", what + " p50", any ? rounded(figures.p50_ms) : json(), "ms");
    add(group, "p90_ms", what + " p90", any ? rounded(figures.p90_ms) : json(), "ms");
    add(group, "p99_ms", what + " p99", any ? rounded(figures.p99_ms) : json(), "ms");
    add(group, "max_ms", what + " max", any ? rounded(figures.max_ms) : json(), "ms");
  }

  void add_counts(const char* group, const std::string& what,
                  const std::map<std::string, int>& counts) {
    if (counts.empty()) std::cout << what << ": none\n";
    for (const auto& [name, count] : counts)
      std::cout << what << " " << name << ": " << count << "\n";
    summary_[group] = counts;
  }

  void print_summary() const { std::cout << summary_.dump() << std::endl; }

 private:
  json summary_ = json::object();
};

void report_connections(Report& report, const Stats& stats) {
  report.add("connections", "requested", "connections requested", stats.requested);
  report.add("connections", "established", "connections established", stats.established);
  report.add("connections", "failed", "connections failed", stats.failed);
  report.add("connections", "dropped", "connections dropped by the server", stats.dropped);
  if (stats.replaced > 0)
    report.add("connections", "replaced", "connections replaced", stats.replaced);
  report.add_counts("connection_failures", "connection failure", stats.failures);
}

void report_messages(Report& report, const Stats& stats) {
  const LatencySummary autosave = stats.autosave.summarize();
  report.add("autosave", "sent", "autosaves sent", stats.saves_sent);
  report.add("autosave", "count", "autosaves saved", autosave.count);
  report.add_latencies("autosave", "autosave latency", autosave);

  const LatencySummary run = stats.run.summarize();
  const auto refusals = [&stats](const char* code) {
    const auto found = stats.run_refusals.find(code);
    return found == stats.run_refusals.end() ? 0 : found->second;
  };
  report.add("run", "sent", "runs sent", stats.runs_sent);
  report.add("run", "queued", "runs queued", stats.runs_queued);
  report.add("run", "count", "run results", run.count);
  report.add_latencies("run", "run time to result", run);
  report.add("run", "refused_busy", "runs refused busy", refusals("busy"));
  report.add("run", "refused_rate_limited", "runs refused rate_limited", refusals("rate_limited"));
  report.add("run", "refused_run_in_progress", "runs refused run_in_progress",
             refusals("run_in_progress"));
  report.add("run", "cancelled", "runs cancelled", stats.runs_cancelled);
  report.add("run", "without_result", "runs queued without a result at the end",
             stats.runs_queued - static_cast<int>(run.count));
  report.add("run", "sample_tests", "sample tests run", stats.sample_tests);
  report.add("run", "samples_accepted", "sample tests accepted", stats.samples_accepted);

  const LatencySummary ping = stats.ping.summarize();
  report.add("ping", "sent", "pings sent", stats.pings_sent);
  report.add("ping", "count", "pongs", ping.count);
  report.add("ping", "p50_ms", "ping latency p50", ping.count ? rounded(ping.p50_ms) : json(),
             "ms");
  report.add("ping", "p99_ms", "ping latency p99", ping.count ? rounded(ping.p99_ms) : json(),
             "ms");

  report.add_counts("errors", "error", stats.errors);
  if (stats.client_queue_full > 0 || stats.unparsable > 0 || stats.results_unmatched > 0) {
    report.add("client", "queue_full", "messages dropped by this tool (queue full)",
               stats.client_queue_full);
    report.add("client", "unparsable", "replies that were not JSON objects", stats.unparsable);
    report.add("client", "results_unmatched", "run results for no known run",
               stats.results_unmatched);
  }
}

json rss_figure(const std::optional<ProcessSample>& sample) {
  return sample ? json(sample->rss_kib) : json();
}

void report_daemon(Report& report, const DaemonFigures& daemon, int established) {
  report.add("daemon", "rss_before_kib", "daemon rss before connections", rss_figure(daemon.before),
             "KiB");
  report.add("daemon", "rss_connected_kib", "daemon rss connected, idle",
             rss_figure(daemon.connected), "KiB");
  report.add("daemon", "rss_end_kib", "daemon rss at the end", rss_figure(daemon.end), "KiB");
  json per_connection;
  if (daemon.before && daemon.connected && established > 0) {
    per_connection = rounded(
        static_cast<double>(daemon.connected->rss_kib - daemon.before->rss_kib) / established, 1);
  }
  report.add("daemon", "rss_per_connection_kib", "daemon memory per connection", per_connection,
             "KiB");
  report.add("daemon", "threads", "daemon threads",
             daemon.connected ? json(daemon.connected->threads) : json());
  report.add("daemon", "cpu_s", "daemon cpu during the run",
             daemon.run_cpu_s ? rounded(*daemon.run_cpu_s) : json(), "s");
  json share;
  if (daemon.run_cpu_s && daemon.run_wall_s > 0) {
    share = rounded(*daemon.run_cpu_s / daemon.run_wall_s * 100, 1);
  }
  report.add("daemon", "cpu_pct_of_one_core", "daemon cpu share of one core", share, "%");
  report.add("daemon", "run_wall_s", "run length (activity and replies)",
             rounded(daemon.run_wall_s), "s");
  report.add("daemon", "workers_cpu_s", "sandbox workers cpu during the run",
             rounded(daemon.workers_cpu_s), "s");
  report.add("daemon", "log_warnings", "daemon log warnings", daemon.log.warnings);
  report.add("daemon", "log_errors", "daemon log errors", daemon.log.errors);
  report.add_counts("daemon_log", "daemon log", daemon.log.messages);
  report.add("daemon", "exit", "daemon exit", daemon.exit);
}

// ---------------------------------------------------------------- the run

// Holds the connections for the duration, then waits a bounded while for the
// replies still on their way; the daemon's figures at each step.
void run_load(LoadContext& load, const Clients& clients, pid_t daemon_pid, DaemonFigures& figures) {
  std::cerr << "proctord-load: opening " << clients.size() << " connections\n";
  connect_all(load, clients);
  std::cerr << "proctord-load: " << load.stats.established << " in their attempts; idle for 2 s\n";
  run_for(load.io, kIdleBeforeSample);
  figures.connected = sample_process(daemon_pid);

  std::cerr << "proctord-load: running for " << load.options.duration_s << " s\n";
  const auto started = Clock::now();
  const double workers_before = children_cpu_s(daemon_pid);
  const auto at_start = sample_process(daemon_pid);
  for (const auto& client : clients) client->begin_activity();
  run_for(load.io, seconds(load.options.duration_s));
  for (const auto& client : clients) client->end_activity();
  wait_for_replies(load, clients);
  figures.end = sample_process(daemon_pid);
  figures.workers_cpu_s = children_cpu_s(daemon_pid) - workers_before;
  figures.run_wall_s = std::chrono::duration<double>(Clock::now() - started).count();
  if (at_start && figures.end) figures.run_cpu_s = figures.end->cpu_s - at_start->cpu_s;
  close_all(load, clients);
}

int run(const Options& options) {
  const rlim_t descriptors = raise_descriptor_limit();
  if (descriptors < static_cast<rlim_t>(options.connections) + 64) {
    std::cerr << "proctord-load: warning: only " << descriptors << " file descriptors\n";
  }
  Daemon daemon;
  try {
    daemon.start(options);
  } catch (const std::exception& failure) {
    std::cerr << "proctord-load: " << failure.what() << "; its log:\n"
              << read_text(daemon.log_path());
    return 1;
  }
  std::cerr << "proctord-load: proctord (pid " << daemon.pid() << ") on 127.0.0.1:" << daemon.port()
            << "\n";

  net::io_context io(1);
  const tcp::endpoint endpoint(net::ip::address_v4::loopback(), daemon.port());
  const auto admin_connection = std::make_shared<RestConnection>(io, endpoint);
  const AdminSession admin = sign_in(io, admin_connection, daemon.admin_password());
  const std::int64_t assessment = create_assessment(io, admin_connection, admin);
  std::cerr << "proctord-load: creating " << options.connections << " invitations\n";
  const std::vector<std::string> tokens =
      create_invitations(io, endpoint, admin, assessment, options.connections);

  LoadContext load(io, endpoint, options);
  load.stats.requested = options.connections;
  DaemonFigures figures;
  figures.before = sample_process(daemon.pid());
  Clients clients;
  for (const std::string& token : tokens) {
    clients.push_back(std::make_shared<AttemptClient>(load, token));
  }
  run_load(load, clients, daemon.pid(), figures);
  clients.clear();
  daemon.stop();
  figures.exit = daemon.exit_description();
  figures.log = summarize_log(daemon.log_path());

  std::cout << "proctord-load: " << options.connections << " connections, " << options.duration_s
            << " s, autosave every " << options.autosave_ms << " ms, a run every " << options.run_ms
            << " ms\n";
  Report report;
  report_connections(report, load.stats);
  report_messages(report, load.stats);
  report_daemon(report, figures, load.stats.established);
  report.print_summary();
  const bool enough = load.stats.established >= kRequiredShare * load.stats.requested;
  if (!enough) std::cerr << "proctord-load: fewer than 90% of the connections were established\n";
  return enough ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  return bench::bench_main<Options>(argc, argv, "proctord-load", kUsage, parse_options, run);
}
