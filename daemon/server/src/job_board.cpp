#include "proctord/job_board.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace proctord {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// "a/b.txt" stays inside its folder; "/x", "../x", "a/../../x" do not.
bool stays_inside(const fs::path& relative) {
  if (relative.empty() || relative.is_absolute()) return false;
  for (const fs::path& part : relative) {
    if (part == ".." || part == "." || part.empty()) return false;
  }
  return true;
}

// Reads up to the next NUL from `at`; throws at the end of the archive.
std::string field(const std::string& archive, std::size_t& at) {
  const std::size_t end = archive.find('\0', at);
  if (end == std::string::npos) throw std::runtime_error("a problem package is cut short");
  std::string value = archive.substr(at, end - at);
  at = end + 1;
  return value;
}

}  // namespace

JobBoard* job_board(Store& store) {
  return dynamic_cast<JobBoard*>(&store);
}

std::string encode_tests(const std::vector<grading::TestResult>& tests) {
  json all = json::array();
  for (const grading::TestResult& t : tests) {
    all.push_back({{"name", t.name},
                   {"group", t.group},
                   {"verdict", t.verdict},
                   {"points", t.points},
                   {"cpu_ms", t.cpu_ms},
                   {"wall_ms", t.wall_ms},
                   {"memory_kb", t.memory_kb},
                   {"detail", t.detail},
                   {"output", t.output},
                   {"stderr", t.error}});
  }
  // A program may print bytes that are not UTF-8: shown as U+FFFD, as in
  // every other reply that carries its output.
  return all.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<grading::TestResult> decode_tests(const std::string& text) {
  const json all = json::parse(text, nullptr, false);
  if (!all.is_array()) throw std::runtime_error("a run's result is not a JSON array");
  std::vector<grading::TestResult> tests;
  for (const json& t : all) {
    grading::TestResult test;
    test.name = t.value("name", "");
    test.group = t.value("group", "");
    test.verdict = t.value("verdict", "INTERNAL_ERROR");
    test.points = t.value("points", 0.0);
    test.cpu_ms = t.value("cpu_ms", std::uint64_t{0});
    test.wall_ms = t.value("wall_ms", std::uint64_t{0});
    test.memory_kb = t.value("memory_kb", std::uint64_t{0});
    test.detail = t.value("detail", "");
    test.output = t.value("output", "");
    test.error = t.value("stderr", "");
    tests.push_back(std::move(test));
  }
  return tests;
}

// Each regular file as "path NUL size NUL bytes", in path order, so that
// the same folder always packs to the same bytes. The files are those the
// content hash covers: submissions/ (the authors' reference programs) is
// neither hashed nor needed to grade, so it stays home.
std::string pack_directory(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_symlink()) throw std::runtime_error("a problem package holds a symlink");
    if (!entry.is_regular_file()) continue;
    fs::path relative = fs::relative(entry.path(), dir);
    if (*relative.begin() != "submissions") files.push_back(std::move(relative));
  }
  std::sort(files.begin(), files.end());
  std::string archive;
  for (const fs::path& file : files) {
    const std::string bytes = read_all(dir / file);
    archive += file.generic_string();
    archive += '\0';
    archive += std::to_string(bytes.size());
    archive += '\0';
    archive += bytes;
  }
  return archive;
}

void unpack_directory(const std::string& archive, const fs::path& dir) {
  fs::create_directories(dir);
  std::size_t at = 0;
  while (at < archive.size()) {
    const fs::path relative = field(archive, at);
    if (!stays_inside(relative)) {
      throw std::runtime_error("a problem package names a path outside its folder");
    }
    const std::string size_text = field(archive, at);
    std::size_t size = 0;
    try {
      size = std::stoull(size_text);
    } catch (const std::exception&) {
      throw std::runtime_error("a problem package has a malformed size");
    }
    if (size > archive.size() - at) throw std::runtime_error("a problem package is cut short");
    const fs::path target = dir / relative;
    fs::create_directories(target.parent_path());
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out.write(archive.data() + at, static_cast<std::streamsize>(size));
    if (!out) throw std::runtime_error("cannot write " + target.string());
    at += size;
  }
}

}  // namespace proctord
