#include "postgres_server.hpp"

#include <fcntl.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace proctord_test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kBin = "/usr/lib/postgresql/15/bin/";
constexpr const char* kUser = "proctor";  // the cluster's superuser (initdb -U)

// initdb and postgres refuse to run as root. As root, they run as nobody,
// in a folder nobody owns; as anyone else, as that user.
struct Identity {
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

Identity server_identity() {
  if (::geteuid() != 0) return {};
  const passwd* nobody = ::getpwnam("nobody");
  if (nobody == nullptr) throw std::runtime_error("no user 'nobody' to run PostgreSQL as");
  return {true, nobody->pw_uid, nobody->pw_gid};
}

// A loopback port nobody listens on now. Another program could take it
// before the server does; then the server fails to start and says so.
unsigned short free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

// In the child: become the server's user, send output to the log, exec.
[[noreturn]] void exec_as(const Identity& who, const std::string& dir, const std::string& log,
                          std::vector<std::string> args) {
  const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (out >= 0) {
    ::dup2(out, STDOUT_FILENO);
    ::dup2(out, STDERR_FILENO);
    ::close(out);
  }
  if (who.switch_user &&
      (::setgroups(0, nullptr) != 0 || ::setgid(who.gid) != 0 || ::setuid(who.uid) != 0)) {
    ::_exit(126);
  }
  // If the test program dies, the server goes with it (immediate shutdown).
  // Set after setuid, which clears it.
  ::prctl(PR_SET_PDEATHSIG, SIGQUIT);
  if (::chdir(dir.c_str()) != 0) ::_exit(126);
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  ::execv(argv[0], argv.data());
  ::_exit(127);
}

int spawn(const Identity& who, const std::string& dir, const std::string& log,
          std::vector<std::string> args) {
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork");
  if (pid == 0) exec_as(who, dir, log, std::move(args));
  return pid;
}

// Waits up to `limit` for the process to end; its exit status, or -1.
int wait_for_exit(int pid, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  for (;;) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return status;
    if (std::chrono::steady_clock::now() >= until) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string conninfo(unsigned short port, const std::string& database) {
  return "host=127.0.0.1 port=" + std::to_string(port) + " user=" + kUser + " dbname=" + database +
         " connect_timeout=5";
}

}  // namespace

PostgresServer::PostgresServer(PostgresOptions options) : options_(std::move(options)) {
  std::string pattern = (fs::temp_directory_path() / "proctor-pg-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
  root_ = pattern;
  const Identity who = server_identity();
  if (who.switch_user && ::chown(root_.c_str(), who.uid, who.gid) != 0) {
    throw std::runtime_error("cannot give " + root_ + " to the server's user");
  }
  port_ = free_port();
  init_data();
  start();
}

PostgresServer::~PostgresServer() {
  stop();
  std::error_code ignored;
  fs::remove_all(root_, ignored);
}

void PostgresServer::init_data() {
  const int pid = spawn(server_identity(), root_, root_ + "/initdb.log",
                        {std::string(kBin) + "initdb", "-D", root_ + "/data", "-A", "trust", "-U",
                         kUser, "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"});
  const int status = wait_for_exit(pid, std::chrono::seconds(120));
  if (status == -1) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream in(root_ + "/initdb.log");
    std::stringstream text;
    text << in.rdbuf();
    throw std::runtime_error("initdb failed:\n" + text.str());
  }
}

void PostgresServer::start() {
  // fsync off and -F, unless durable: for tests only, where a crash of the
  // machine may lose the throwaway data. It makes commits and CREATE
  // DATABASE fast. Never in production: there a commit must be on disk
  // before it is acknowledged.
  std::vector<std::string> args = {
      std::string(kBin) + "postgres", "-D", root_ + "/data", "-k", root_, "-h", "127.0.0.1", "-p",
      std::to_string(port_)};
  if (!options_.durable) args.insert(args.end(), {"-F", "-c", "fsync=off"});
  for (const std::string& setting : options_.settings) args.insert(args.end(), {"-c", setting});
  pid_ = spawn(server_identity(), root_, root_ + "/server.log", std::move(args));
  const std::string info = conninfo(port_, "postgres");
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (PQping(info.c_str()) != PQPING_OK) {
    int status = 0;
    const bool exited = ::waitpid(pid_, &status, WNOHANG) == pid_;
    if (exited || std::chrono::steady_clock::now() >= until) {
      if (!exited) stop();
      pid_ = -1;
      throw std::runtime_error("PostgreSQL did not start:\n" + log_tail());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void PostgresServer::stop() {
  if (pid_ <= 0) return;
  // SIGINT is PostgreSQL's fast shutdown: clients are disconnected and the
  // server stops at once. (SIGTERM, its smart shutdown, would wait for every
  // client to leave, and a daemon under test never leaves.) SIGKILL if it
  // still has not stopped.
  ::kill(pid_, SIGINT);
  if (wait_for_exit(pid_, std::chrono::seconds(30)) == -1) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_ = -1;
}

std::string PostgresServer::create_database() {
  const std::string name = "t_" + std::to_string(++databases_);
  const std::unique_ptr<PGconn, decltype(&PQfinish)> connection(
      PQconnectdb(conninfo(port_, "postgres").c_str()), &PQfinish);
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    throw std::runtime_error(std::string("cannot connect: ") + PQerrorMessage(connection.get()));
  }
  // The name is ours (a counter), not a value from outside.
  const std::unique_ptr<PGresult, decltype(&PQclear)> result(
      PQexec(connection.get(), ("CREATE DATABASE " + name).c_str()), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    throw std::runtime_error(std::string("CREATE DATABASE: ") + PQresultErrorMessage(result.get()));
  }
  return "postgresql://" + std::string(kUser) + "@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

std::string PostgresServer::log_tail() const {
  std::ifstream in(root_ + "/server.log");
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  return all.size() > 4000 ? all.substr(all.size() - 4000) : all;
}

namespace {

// Owns the shared server: made on first use, stopped after the last test.
class SharedPostgres : public ::testing::Environment {
 public:
  static SharedPostgres& instance() {
    // GoogleTest owns and deletes registered environments.
    static SharedPostgres* const environment = [] {
      auto* made = new SharedPostgres();
      ::testing::AddGlobalTestEnvironment(made);
      return made;
    }();
    return *environment;
  }
  PostgresServer& server() {
    if (!server_) server_ = std::make_unique<PostgresServer>();
    return *server_;
  }
  void TearDown() override { server_.reset(); }

 private:
  std::unique_ptr<PostgresServer> server_;
};

// Registered before main() runs the tests, so that TearDown is called.
[[maybe_unused]] const SharedPostgres& kRegistered = SharedPostgres::instance();

}  // namespace

PostgresServer& shared_postgres() {
  return SharedPostgres::instance().server();
}

}  // namespace proctord_test
