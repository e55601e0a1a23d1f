#include "grading/problem.hpp"

#include <sodium.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "grading/compare.hpp"
#include "yaml_reader.hpp"

namespace grading {
namespace fs = std::filesystem;

std::string describe(const Issue& issue) {
  std::string text = issue.path;
  if (issue.line > 0) text += ":" + std::to_string(issue.line);
  return text + ": " + issue.message;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const char* kind_name(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::Stdio: return "stdio";
    case ProblemKind::Function: return "function";
    case ProblemKind::Class: return "class";
  }
  return "stdio";
}

namespace {

bool is_identifier(const std::string& name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// The line (1-based) of a byte offset in a text.
int line_of(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

// sha256 of every file under the folder except submissions/, in a fixed
// order: the version an assessment pins, so a regrade uses exactly it.
std::string content_hash(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const fs::path relative = fs::relative(entry.path(), dir);
    if (*relative.begin() == "submissions") continue;
    files.push_back(relative);
  }
  std::sort(files.begin(), files.end());
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  for (const fs::path& file : files) {
    const std::string name = file.generic_string();
    const std::string content = read_file(dir / file);
    const std::string sizes =
        std::to_string(name.size()) + ":" + std::to_string(content.size()) + ":";
    for (const std::string* part : {&sizes, &name, &content}) {
      crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(part->data()),
                                part->size());
    }
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  char hex[2 * sizeof digest + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

class ProblemLoader {
 public:
  explicit ProblemLoader(const fs::path& dir) : dir_(dir) {
    problem_.dir = dir;
    problem_.slug = dir.filename().string();
  }

  LoadedProblem load() {
    const fs::path yaml_path = dir_ / "problem.yaml";
    if (!fs::is_regular_file(yaml_path)) {
      issue(yaml_path, 0, "missing");
      return {std::nullopt, std::move(issues_)};
    }
    YamlReader yaml(yaml_path, issues_);
    if (!yaml.ok()) return {std::nullopt, std::move(issues_)};
    read_metadata(yaml);
    read_texts();
    read_tests();
    assign_points();
    read_submissions();
    if (!usable_) return {std::nullopt, std::move(issues_)};
    problem_.content_hash = content_hash(dir_);
    return {std::move(problem_), std::move(issues_)};
  }

 private:
  void issue(const fs::path& path, int line, std::string message, bool fatal = true) {
    issues_.push_back({path.string(), line, std::move(message)});
    if (fatal) usable_ = false;
  }

  void read_metadata(YamlReader& yaml) {
    const YAML::Node& root = yaml.root();
    problem_.name = yaml.required_string(root, "name");
    problem_.source = yaml.optional_string(root, "source", "");
    const std::string kind = yaml.optional_string(root, "kind", "stdio");
    if (kind == "function")
      problem_.kind = ProblemKind::Function;
    else if (kind == "class")
      problem_.kind = ProblemKind::Class;
    else if (kind != "stdio")
      yaml.error(root["kind"], "kind must be stdio, function or class");
    if (problem_.kind != ProblemKind::Stdio) {
      problem_.entry = yaml.required_string(root, "entry");
      if (!problem_.entry.empty() && !is_identifier(problem_.entry)) {
        yaml.error(root["entry"], "entry must be a Python identifier");
      }
    }
    problem_.points = yaml.required_number(root, "points", 0.001, 100000);
    problem_.difficulty = yaml.required_string(root, "difficulty");
    if (!problem_.difficulty.empty() && problem_.difficulty != "easy" &&
        problem_.difficulty != "medium" && problem_.difficulty != "hard") {
      yaml.error(root["difficulty"], "difficulty must be easy, medium or hard");
    }
    problem_.tags = yaml.string_list(root, "tags", true);
    problem_.guide_question = yaml.optional_scalar(root, "guide_question");
    if (const YAML::Node limits = yaml.optional_map(root, "limits")) {
      problem_.time_limit_s = yaml.optional_number(limits, "time_limit", 2, 0.05, 60);
      problem_.memory_mb =
          static_cast<unsigned>(yaml.optional_number(limits, "memory", 256, 16, 4096));
      problem_.output_mb = static_cast<unsigned>(yaml.optional_number(limits, "output", 1, 1, 256));
    }
    read_validator_flags(yaml);
    if (const YAML::Node compare = yaml.optional_map(root, "compare")) {
      if (problem_.kind == ProblemKind::Stdio) {
        yaml.error(compare, "compare applies to function and class problems; use validator_flags");
      }
      problem_.json_rules.float_tolerance =
          yaml.optional_number(compare, "float_tolerance", 1e-6, 0, 1);
      problem_.json_rules.unordered = yaml.optional_bool(compare, "unordered", false);
    }
    if (!yaml.ok()) usable_ = false;
  }

  void read_validator_flags(YamlReader& yaml) {
    const YAML::Node node = yaml.root()["validator_flags"];
    if (!node) return;
    std::istringstream words(yaml.scalar(node));
    OutputRules& rules = problem_.output_rules;
    for (std::string flag; words >> flag;) {
      if (flag == "case_sensitive") {
        rules.case_sensitive = true;
      } else if (flag == "space_change_sensitive") {
        rules.space_change_sensitive = true;
      } else if (flag == "float_tolerance" || flag == "float_absolute_tolerance" ||
                 flag == "float_relative_tolerance") {
        double value = -1;
        if (!(words >> value) || !(value >= 0)) {
          yaml.error(node, flag + " needs a non-negative number");
          continue;
        }
        if (flag != "float_relative_tolerance") rules.absolute_tolerance = value;
        if (flag != "float_absolute_tolerance") rules.relative_tolerance = value;
      } else {
        yaml.error(node, "unknown validator flag '" + flag + "'");
      }
    }
  }

  void read_texts() {
    const fs::path statement = dir_ / "statement.md";
    if (fs::is_regular_file(statement))
      problem_.statement = read_file(statement);
    else
      issue(statement, 0, "missing: the statement shown to candidates");
    const fs::path starter = dir_ / "starter.py";
    if (fs::is_regular_file(starter)) problem_.starter = read_file(starter);
    const fs::path driver = dir_ / "driver.py";
    if (fs::is_regular_file(driver)) {
      if (problem_.kind == ProblemKind::Stdio) issue(driver, 0, "a driver needs kind: function");
      problem_.driver = read_file(driver);
    }
  }

  // ------------------------------------------------------------ tests

  void read_tests() {
    const fs::path data = dir_ / "data";
    for (const char* kind : {"sample", "secret"}) {
      const fs::path folder = data / kind;
      if (!fs::is_directory(folder)) {
        issue(folder, 0, "missing");
        continue;
      }
      read_test_folder(folder, std::string(kind), kind == std::string("sample"), -1);
    }
  }

  void read_test_folder(const fs::path& folder, const std::string& prefix, bool sample, int group) {
    std::vector<fs::path> entries;
    for (const auto& entry : fs::directory_iterator(folder)) entries.push_back(entry.path());
    std::sort(entries.begin(), entries.end());
    std::set<std::string> names;
    for (const fs::path& path : entries) {
      const std::string file = path.filename().string();
      if (fs::is_directory(path)) {
        if (file.size() > 6 && file.ends_with(".files")) continue;  // a test's files
        if (sample || group >= 0) {
          issue(path, 0, sample ? "samples cannot be grouped" : "groups cannot be nested");
          continue;
        }
        std::string group_prefix = prefix;
        group_prefix.append("/").append(file);
        read_group(path, group_prefix);
        continue;
      }
      if (file == "testdata.yaml") continue;
      if (file.ends_with(".gen.py"))
        names.insert(file.substr(0, file.size() - 7));
      else if (file.ends_with(".in") || file.ends_with(".ans"))
        names.insert(path.stem().string());
      else
        issue(path, 0, "not a test file (.in, .ans, .gen.py or a .files folder)", false);
    }
    for (const std::string& name : names) add_test(folder, prefix, name, sample, group);
  }

  void add_test(const fs::path& folder, const std::string& prefix, const std::string& name,
                bool sample, int group) {
    TestCase test;
    test.name = prefix + "/" + name;
    test.sample = sample;
    test.group = group;
    test.answer = folder / (name + ".ans");
    const fs::path input = folder / (name + ".in");
    const fs::path generator = folder / (name + ".gen.py");
    const bool has_input = fs::is_regular_file(input);
    const bool has_generator = fs::is_regular_file(generator);
    if (has_input == has_generator) {
      issue(has_input ? generator : input, 0,
            has_input ? "a test has either an .in or a .gen.py, not both"
                      : "test " + name + " has no .in");
      return;
    }
    if (has_generator && sample) {
      issue(generator, 0, "samples are shown to candidates and cannot be generated");
      return;
    }
    if (!fs::is_regular_file(test.answer)) {
      issue(test.answer, 0, "missing: test " + name + " has no expected answer");
      return;
    }
    if (has_input)
      test.input = input;
    else
      test.generator = generator;
    if (fs::is_directory(folder / (name + ".files"))) test.files = folder / (name + ".files");
    if (problem_.kind != ProblemKind::Stdio) {
      check_json(test.answer);
      if (has_input) check_json(test.input);
    }
    problem_.tests.push_back(std::move(test));
  }

  void check_json(const fs::path& path) {
    const std::string text = read_file(path);
    try {
      (void)parse_json(text);
    } catch (const std::runtime_error& error) {
      // "invalid JSON at byte N: ..." -> the line of byte N.
      const std::string message = error.what();
      const std::size_t at = message.find("byte ");
      const std::size_t byte = at == std::string::npos ? 0 : std::stoul(message.substr(at + 5));
      issue(path, line_of(text, byte), message);
    }
  }

  void read_group(const fs::path& folder, const std::string& prefix) {
    TestGroup group;
    group.name = folder.filename().string();
    const fs::path testdata = folder / "testdata.yaml";
    if (!fs::is_regular_file(testdata)) {
      issue(testdata, 0, "missing: a test group needs its points");
      return;
    }
    YamlReader yaml(testdata, issues_);
    if (!yaml.ok()) {
      usable_ = false;
      return;
    }
    group.points = yaml.required_number(yaml.root(), "points", 0.001, 100000);
    group.require_all = yaml.optional_bool(yaml.root(), "require_all", false);
    // Kattis says "every case must pass" with grader_flags: min.
    if (yaml.optional_string(yaml.root(), "grader_flags", "").find("min") != std::string::npos) {
      group.require_all = true;
    }
    if (!yaml.ok()) usable_ = false;
    problem_.groups.push_back(group);
    const int index = static_cast<int>(problem_.groups.size()) - 1;
    const std::size_t before = problem_.tests.size();
    read_test_folder(folder, prefix, false, index);
    if (problem_.tests.size() == before) issue(folder, 0, "an empty test group");
  }

  // Groups take their points first; the rest is split over ungrouped secret
  // tests. A require_all group's points are shown split over its cases.
  void assign_points() {
    double grouped = 0;
    for (const TestGroup& group : problem_.groups) grouped += group.points;
    std::vector<std::size_t> counts(problem_.groups.size(), 0);
    std::size_t ungrouped = 0;
    for (const TestCase& test : problem_.tests) {
      if (test.sample) continue;
      if (test.group >= 0)
        ++counts[static_cast<std::size_t>(test.group)];
      else
        ++ungrouped;
    }
    const double rest = problem_.points - grouped;
    const fs::path yaml = dir_ / "problem.yaml";
    if (rest < -1e-9) {
      issue(yaml, 0, "the test groups' points exceed the problem's " + format(problem_.points));
    } else if (ungrouped == 0 && rest > 1e-9) {
      issue(yaml, 0, format(rest) + " of the problem's points belong to no test");
    } else if (ungrouped > 0 && rest <= 1e-9) {
      issue(yaml, 0, "the ungrouped secret tests are worth nothing: the groups take every point");
    }
    for (TestCase& test : problem_.tests) {
      if (test.sample) continue;
      if (test.group < 0) {
        test.points = rest / static_cast<double>(ungrouped);
      } else {
        const auto index = static_cast<std::size_t>(test.group);
        test.points = problem_.groups[index].points / static_cast<double>(counts[index]);
      }
    }
  }

  static std::string format(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
  }

  void read_submissions() {
    for (const auto& [folder, into] : {std::pair{"accepted", &problem_.accepted},
                                       std::pair{"wrong_answer", &problem_.wrong_answer}}) {
      const fs::path path = dir_ / "submissions" / folder;
      if (!fs::is_directory(path)) continue;
      for (const auto& entry : fs::directory_iterator(path)) {
        if (entry.path().extension() == ".py") into->push_back(entry.path());
      }
      std::sort(into->begin(), into->end());
    }
  }

  fs::path dir_;
  Problem problem_;
  Issues issues_;
  bool usable_ = true;
};

}  // namespace

LoadedProblem load_problem(const fs::path& dir) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  try {
    return ProblemLoader(dir).load();
  } catch (const std::exception& error) {
    // A file vanished or became unreadable while we read the folder.
    return {std::nullopt, {{dir.string(), 0, error.what()}}};
  }
}

}  // namespace grading
