// proctord's configuration: command-line options, optionally a file of
// `key = value` lines (--config) under them. Parsed once, then read-only.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace proctord {

struct Config {
  std::string data_dir = "var/proctord";
  std::string store;  // a postgresql:// URL; empty: SQLite in data_dir
  // "daemon" serves candidates and recruiters; "grader" only claims and runs
  // grading jobs from the shared database (no listening socket).
  std::string role = "daemon";
  // A daemon over PostgreSQL may leave all grading to grader processes.
  bool remote_grading = false;
  unsigned lease_seconds = 30;  // a grader's hold on a job, renewed while it runs
  std::string listen = "127.0.0.1:8080";
  std::string problems = "problems";
  std::string web;              // the built pages; empty: the API alone
  unsigned threads = 0;         // 0: the number of cores
  unsigned graders = 0;         // sandbox workers; 0: the number of cores
  bool warm_sandbox = true;     // each worker keeps a pre-started interpreter (else: cold runs)
  unsigned grading_queue = 32;  // candidates' runs waiting or running
  std::uint64_t upload_bytes = std::uint64_t{32} << 20;  // an author's package
  unsigned outage_credit_minutes = 0;  // connection gaps credited back, at most; 0: off
  std::uint64_t body_bytes = 1 << 20;
  bool secure_cookies = false;
  std::string admin_email = "admin@localhost";
  // Set: proctord only gives this account a new one-time password (and
  // enables it), prints it and exits: the way back in for a locked-out admin.
  std::string reset_password;
  std::string log_level = "info";
};

struct ConfigError {
  std::string message;
};

std::variant<Config, ConfigError> parse_config(const std::vector<std::string>& args);
std::string config_usage();

// "127.0.0.1:8080" or "[::1]:8080" into host and port; false when malformed.
bool split_listen(const std::string& listen, std::string& host, unsigned short& port);

}  // namespace proctord
