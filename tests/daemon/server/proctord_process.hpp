// A real proctord on loopback for tests: started as a process with a fresh
// data folder, its URL and first admin password read from what it prints.
#pragma once

#include <boost/beast/http.hpp>
#include <string>
#include <thread>
#include <vector>

namespace proctord_test {

namespace http = boost::beast::http;
using Response = http::response<http::string_body>;

class ProctordProcess {
 public:
  // `data_dir` empty: a new temporary one (removed at the end).
  explicit ProctordProcess(std::string data_dir = "", std::vector<std::string> extra_args = {});
  ~ProctordProcess();
  ProctordProcess(const ProctordProcess&) = delete;
  ProctordProcess& operator=(const ProctordProcess&) = delete;

  void stop();  // SIGTERM and wait
  void kill();  // SIGKILL, as a crash would, and wait

  [[nodiscard]] unsigned short port() const { return port_; }
  [[nodiscard]] const std::string& admin_password() const { return admin_password_; }
  [[nodiscard]] const std::string& data_dir() const { return data_dir_; }

 private:
  std::string data_dir_;
  bool own_data_dir_ = false;
  int pid_ = -1;
  std::thread drain_;  // reads what proctord prints after start-up
  unsigned short port_ = 0;
  std::string admin_password_;
};

// `proctord --role grader` on a shared database: claims grading jobs until
// stopped. Its lease is `lease_seconds`, short in tests so that a killed
// grader's jobs are taken over quickly.
class GraderProcess {
 public:
  // `problems`: its own bank folder (the built-in one when empty); the
  // versions it grades come from the database either way.
  explicit GraderProcess(const std::string& store_url, std::string problems = "",
                         int lease_seconds = 2, int workers = 2);
  ~GraderProcess();
  GraderProcess(const GraderProcess&) = delete;
  GraderProcess& operator=(const GraderProcess&) = delete;

  void stop();  // SIGTERM and wait
  void kill();  // SIGKILL, as a crash would, and wait

  // The name its leases are held under (grading_jobs.lease_owner).
  [[nodiscard]] const std::string& owner() const { return owner_; }
  [[nodiscard]] int pid() const { return pid_; }
  // Its sandbox workers, as it reports them (`workers` 0 asks for one per core).
  [[nodiscard]] int workers() const { return workers_; }

 private:
  std::string data_dir_;
  int pid_ = -1;
  std::thread drain_;
  std::string owner_;
  int workers_ = 0;
};

// One HTTP request on a fresh connection.
Response request(unsigned short port, http::verb method, const std::string& target,
                 const std::string& body = "", const std::string& cookie = "",
                 const std::string& csrf = "",
                 const std::string& content_type = "application/json");

// "proctor_session=..." from a Set-Cookie header.
std::string session_cookie(const Response& response);

// A signed-in member of staff: the session cookie and the CSRF token.
struct Staff {
  std::string cookie, csrf;
};
Staff sign_in(unsigned short port, const std::string& email, const std::string& password);

}  // namespace proctord_test
