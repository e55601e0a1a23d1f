#include "proctord/config.hpp"

#include <charconv>
#include <fstream>
#include <map>
#include <optional>

#include "proctord/store.hpp"

namespace proctord {
namespace {

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

template <typename Number>
bool to_number(const std::string& text, Number& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

// One setting, from the file or the command line.
std::optional<std::string> apply(Config& config, const std::string& key, const std::string& value) {
  if (key == "data-dir")
    config.data_dir = value;
  else if (key == "store") {
    if (!value.empty() && !is_postgres_url(value)) {
      return "store wants a postgresql:// URL, or nothing for SQLite in the data folder";
    }
    config.store = value;
  } else if (key == "listen")
    config.listen = value;
  else if (key == "problems")
    config.problems = value;
  else if (key == "web")
    config.web = value;
  else if (key == "admin-email")
    config.admin_email = value;
  else if (key == "reset-password")
    config.reset_password = value;
  else if (key == "log-level")
    config.log_level = value;
  else if (key == "role") {
    if (value != "daemon" && value != "grader") return "role wants daemon or grader";
    config.role = value;
  } else if (key == "grading") {
    if (value != "local" && value != "remote") return "grading wants local or remote";
    config.remote_grading = value == "remote";
  } else if (key == "lease-seconds") {
    if (!to_number(value, config.lease_seconds) || config.lease_seconds < 1 ||
        config.lease_seconds > 3600) {
      return "lease-seconds wants 1 to 3600";
    }
  } else if (key == "sandbox") {
    if (value != "warm" && value != "cold") return "sandbox wants warm or cold";
    config.warm_sandbox = value == "warm";
  } else if (key == "secure-cookies")
    config.secure_cookies = value == "true" || value == "yes" || value == "1";
  else if (key == "threads") {
    if (!to_number(value, config.threads) || config.threads > 256) return "threads wants 0 to 256";
  } else if (key == "graders") {
    if (!to_number(value, config.graders) || config.graders > 64) return "graders wants 0 to 64";
  } else if (key == "grading-queue") {
    if (!to_number(value, config.grading_queue) || config.grading_queue < 1 ||
        config.grading_queue > 100000) {
      return "grading-queue wants 1 to 100000";
    }
  } else if (key == "upload-bytes") {
    if (!to_number(value, config.upload_bytes) || config.upload_bytes < 1024) {
      return "upload-bytes wants a number of at least 1024";
    }
  } else if (key == "outage-credit-minutes") {
    if (!to_number(value, config.outage_credit_minutes) || config.outage_credit_minutes > 600) {
      return "outage-credit-minutes wants 0 to 600";
    }
  } else if (key == "body-bytes") {
    if (!to_number(value, config.body_bytes) || config.body_bytes < 1024) {
      return "body-bytes wants a number of at least 1024";
    }
  } else {
    return "unknown setting '" + key + "'";
  }
  return std::nullopt;
}

std::optional<std::string> read_file(Config& config, const std::string& path) {
  std::ifstream in(path);
  if (!in) return "cannot read the configuration file " + path;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    const auto equals = line.find('=');
    if (equals == std::string::npos)
      return path + ":" + std::to_string(number) + ": expected key = value";
    if (auto problem = apply(config, trim(line.substr(0, equals)), trim(line.substr(equals + 1)))) {
      return path + ":" + std::to_string(number) + ": " + *problem;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string config_usage() {
  return "usage: proctord [--data-dir DIR] [--store postgresql://...] [--listen HOST:PORT]\n"
         "                [--problems DIR] [--config FILE]\n"
         "                [--web DIR] [--threads N] [--graders N] [--grading-queue N] "
         "[--body-bytes N]\n"
         "                [--upload-bytes N] [--outage-credit-minutes N] [--sandbox warm|cold]\n"
         "                [--secure-cookies true|false]\n"
         "                [--role daemon|grader] [--grading local|remote] [--lease-seconds N]\n"
         "                [--admin-email EMAIL] [--log-level debug|info|warning|error]\n"
         "       proctord [--data-dir DIR] [--store postgresql://...] --reset-password EMAIL\n"
         "                (a new one-time password for that account, printed; then exits)\n";
}

std::variant<Config, ConfigError> parse_config(const std::vector<std::string>& args) {
  Config config;
  // The file first, so that command-line options override it.
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--config") {
      if (auto problem = read_file(config, args[i + 1])) return ConfigError{*problem};
    }
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0) return ConfigError{"unexpected argument '" + arg + "'"};
    if (i + 1 >= args.size()) return ConfigError{arg + " needs a value"};
    const std::string& value = args[++i];
    if (arg == "--config") continue;
    if (auto problem = apply(config, arg.substr(2), value)) return ConfigError{*problem};
  }
  if ((config.role == "grader" || config.remote_grading) && !is_postgres_url(config.store)) {
    return ConfigError{
        "graders share work through PostgreSQL: --role grader and --grading remote "
        "want --store postgresql://..."};
  }
  std::string host;
  unsigned short port = 0;
  if (!split_listen(config.listen, host, port)) {
    return ConfigError{"listen wants HOST:PORT, not '" + config.listen + "'"};
  }
  return config;
}

bool split_listen(const std::string& listen, std::string& host, unsigned short& port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = listen.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return to_number(listen.substr(colon + 1), port);
}

}  // namespace proctord
