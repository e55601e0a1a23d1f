#include "proctord/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace proctord {
namespace {

std::atomic<Level> g_threshold{Level::Info};
std::mutex g_output;

const char* level_name(Level level) {
  switch (level) {
    case Level::Debug: return "debug";
    case Level::Info: return "info";
    case Level::Warning: return "warning";
    case Level::Error: return "error";
  }
  return "info";
}

// Values with spaces, quotes or '=' are quoted, so lines stay parseable.
std::string quoted(const std::string& value) {
  if (!value.empty() && value.find_first_of(" \"=\n\t") == std::string::npos) return value;
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace

void set_log_level(Level level) {
  g_threshold = level;
}

void log(Level level, const std::string& message, std::initializer_list<Field> fields) {
  if (level < g_threshold.load()) return;
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[32];
  (void)std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
  std::string line =
      std::string("time=") + stamp + " level=" + level_name(level) + " msg=" + quoted(message);
  for (const auto& [key, value] : fields) line += std::string(" ") + key + "=" + quoted(value);
  line += '\n';
  const std::lock_guard lock(g_output);
  (void)std::fputs(line.c_str(), stderr);
}

}  // namespace proctord
