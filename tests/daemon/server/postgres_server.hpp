// A PostgreSQL 15 server of the tests' own: initdb into a temporary folder,
// a free loopback port, started as a child process and stopped at the end.
// Nothing of the machine's own clusters is used or touched.
#pragma once

#include <string>
#include <vector>

namespace proctord_test {

struct PostgresOptions {
  // Commits flushed to disk before they are acknowledged (fsync on), as in
  // production. Off by default: the tests' data is thrown away.
  bool durable = false;
  // More server settings, each "name=value" (postgres -c).
  std::vector<std::string> settings;
};

class PostgresServer {
 public:
  // initdb and start; throws std::runtime_error (with the server's log).
  explicit PostgresServer(PostgresOptions options = {});
  ~PostgresServer();  // stops it and removes its folder
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // Fast shutdown: connected clients are cut off, as in a real outage.
  void stop();
  // Starts it again on the same port and data; waits until it answers.
  void start();

  [[nodiscard]] unsigned short port() const { return port_; }
  // A new, empty database; returns its postgresql:// URL.
  std::string create_database();

 private:
  void init_data();
  [[nodiscard]] std::string log_tail() const;

  PostgresOptions options_;
  std::string root_;  // the temporary folder: data/, the socket, server.log
  unsigned short port_ = 0;
  int pid_ = -1;
  int databases_ = 0;
};

// One server for the whole test program, started when a test first asks
// for it and stopped when the program ends (a GoogleTest environment).
PostgresServer& shared_postgres();

}  // namespace proctord_test
