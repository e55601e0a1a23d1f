#include "proctord_process.hpp"

#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>
#include <thread>

namespace proctord_test {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace {

std::string make_temp_dir(const char* prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / prefix).string() + "-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
  return pattern;
}

// Starts proctord with `args` (argv[1] on), its stdout on the returned
// stream. argv is built before the fork: the child of a threaded process
// must not allocate.
FILE* start_proctord(std::vector<std::string> args, int& pid) {
  args.insert(args.begin(), "proctord");
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe");
  pid = ::fork();
  if (pid == 0) {
    // Dies with the test or bench that started it, even one killed at once.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    ::execv(PROCTORD_BINARY, argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  return ::fdopen(out[0], "r");
}

// Reads lines until `enough` says so or the output ends.
template <typename Enough>
void read_lines(FILE* lines, const Enough& enough) {
  char line[512];
  while (std::fgets(line, sizeof line, lines) != nullptr) {
    if (enough(std::string(line))) return;
  }
}

// Keeps reading what the process prints, so that it never blocks on a full
// pipe; joined after it stops.
std::thread keep_draining(FILE* lines) {
  return std::thread([lines] {
    read_lines(lines, [](const std::string&) { return false; });
    std::fclose(lines);
  });
}

void end_process(int& pid, int signal, std::thread& drain) {
  if (pid > 0) {
    ::kill(pid, signal);
    ::waitpid(pid, nullptr, 0);
    pid = -1;
  }
  if (drain.joinable()) drain.join();
}

}  // namespace

ProctordProcess::ProctordProcess(std::string data_dir, std::vector<std::string> extra_args)
    : data_dir_(std::move(data_dir)) {
  if (data_dir_.empty()) {
    data_dir_ = make_temp_dir("proctord-test");
    own_data_dir_ = true;
  }
  std::vector<std::string> args = {
      "--data-dir",         data_dir_,   "--listen", "127.0.0.1:0", "--problems",
      PROCTOR_PROBLEMS_DIR, "--threads", "2",        "--log-level", "warning"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  FILE* lines = start_proctord(std::move(args), pid_);
  read_lines(lines, [this](const std::string& text) {
    const auto password = text.find("one-time password: ");
    if (password != std::string::npos) {
      admin_password_ = text.substr(password + 19);
      admin_password_.erase(admin_password_.find_last_not_of("\r\n") + 1);
    }
    const auto listening = text.find("listening on http://127.0.0.1:");
    if (listening == std::string::npos) return false;
    port_ = static_cast<unsigned short>(std::stoi(text.substr(listening + 30)));
    return true;
  });
  drain_ = keep_draining(lines);
  if (port_ == 0) {
    stop();
    throw std::runtime_error("proctord did not start");
  }
}

ProctordProcess::~ProctordProcess() {
  stop();
  if (own_data_dir_) {
    std::error_code ignored;
    std::filesystem::remove_all(data_dir_, ignored);
  }
}

void ProctordProcess::kill() {
  end_process(pid_, SIGKILL, drain_);
}

void ProctordProcess::stop() {
  end_process(pid_, SIGTERM, drain_);
}

GraderProcess::GraderProcess(const std::string& store_url, std::string problems, int lease_seconds,
                             int workers)
    : data_dir_(make_temp_dir("proctord-grader")) {
  if (problems.empty()) problems = PROCTOR_PROBLEMS_DIR;
  FILE* lines =
      start_proctord({"--role", "grader", "--store", store_url, "--data-dir", data_dir_,
                      "--problems", problems, "--graders", std::to_string(workers),
                      "--lease-seconds", std::to_string(lease_seconds), "--log-level", "warning"},
                     pid_);
  // "proctord grader <owner> claiming jobs with <n> sandbox workers"
  constexpr std::string_view kStarted = "proctord grader ";
  constexpr std::string_view kWorkers = " claiming jobs with ";
  read_lines(lines, [this, kStarted, kWorkers](const std::string& text) {
    if (text.rfind(kStarted, 0) != 0) return false;
    owner_ = text.substr(kStarted.size(), text.find(' ', kStarted.size()) - kStarted.size());
    const auto with = text.find(kWorkers);
    if (with != std::string::npos) workers_ = std::atoi(text.c_str() + with + kWorkers.size());
    return true;
  });
  drain_ = keep_draining(lines);
  if (owner_.empty()) {
    stop();
    throw std::runtime_error("the grader did not start");
  }
}

GraderProcess::~GraderProcess() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(data_dir_, ignored);
}

void GraderProcess::stop() {
  end_process(pid_, SIGTERM, drain_);
}

void GraderProcess::kill() {
  end_process(pid_, SIGKILL, drain_);
}

Response request(unsigned short port, http::verb method, const std::string& target,
                 const std::string& body, const std::string& cookie, const std::string& csrf,
                 const std::string& content_type) {
  net::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!cookie.empty()) req.set(http::field::cookie, cookie);
  if (!csrf.empty()) req.set("X-CSRF-Token", csrf);
  if (!body.empty()) {
    req.set(http::field::content_type, content_type);
    req.body() = body;
  }
  req.prepare_payload();
  // The server may answer (413, say) before it has read everything we send:
  // a failed write still leaves its response to read.
  beast::error_code write_error;
  http::write(stream, req, write_error);
  beast::flat_buffer buffer;
  Response response;
  http::read(stream, buffer, response);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return response;
}

std::string session_cookie(const Response& response) {
  const std::string header(response[http::field::set_cookie]);
  return header.substr(0, header.find(';'));
}

Staff sign_in(unsigned short port, const std::string& email, const std::string& password) {
  const nlohmann::json body = {{"email", email}, {"password", password}};
  const Response r = request(port, http::verb::post, "/api/login", body.dump());
  if (r.result_int() != 200) throw std::runtime_error("cannot sign in: " + r.body());
  return {session_cookie(r), nlohmann::json::parse(r.body()).value("csrf_token", "")};
}

}  // namespace proctord_test
