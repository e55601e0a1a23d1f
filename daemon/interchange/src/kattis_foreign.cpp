// Converting a Kattis package that proctor did not export. Each part of the
// package is taken, or reported: a warning when the problem still judges
// what its author meant, an error when it would not.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <sstream>

#include "kattis_files.hpp"

namespace interchange::kattis {
namespace {

// What a testdata.yaml says, as it applies to a folder (Kattis: the nearest
// testdata.yaml up the tree applies).
struct TestData {
  double accept_score = 1;
  std::string aggregation = "sum";  // sum | min | avg
  std::string output_flags;
  bool has_output_flags = false;
};

struct Folder {
  std::set<std::string> tests;  // names with an .in or .ans
};

// The problem.yaml keys the conversion reads; any other is reported.
bool used_key(std::string_view key) {
  constexpr std::array<std::string_view, 9> kUsed = {
      "name",       "source",          "source_url",
      "type",       "keywords",        "limits",
      "validation", "validator_flags", "problem_format_version"};
  return std::find(kUsed.begin(), kUsed.end(), key) != kUsed.end();
}

bool known_flag_value(const std::string& flag) {
  return flag == "float_tolerance" || flag == "float_absolute_tolerance" ||
         flag == "float_relative_tolerance";
}

std::string yaml_error(const std::string& file, const YAML::Exception& error) {
  return file + ":" + std::to_string(error.mark.line + 1) + ": malformed YAML: " + error.msg;
}

std::string first_component(const std::string& path) {
  return path.substr(0, path.find('/'));
}

class ForeignConverter {
 public:
  explicit ForeignConverter(const Files& package) {
    for (const auto& [name, content] : package) files_[name] = &content;
  }

  Converted run() {
    read_problem_yaml();
    if (!out_.errors.empty()) return std::move(out_);
    read_statement();
    read_data();
    read_submissions();
    report_rest();
    if (out_.errors.empty()) out_.files.emplace_back("problem.yaml", our_problem_yaml());
    std::sort(out_.files.begin(), out_.files.end());
    return std::move(out_);
  }

 private:
  void warn(std::string text) { out_.warnings.push_back(std::move(text)); }
  void error(std::string text) { out_.errors.push_back(std::move(text)); }
  void take(const std::string& name) { taken_.insert(name); }

  const std::string* find(const std::string& name) const {
    const auto found = files_.find(name);
    return found == files_.end() ? nullptr : found->second;
  }

  std::optional<YAML::Node> parse(const std::string& name) {
    take(name);
    try {
      YAML::Node node = YAML::Load(*find(name));
      if (node.IsNull()) return YAML::Node(YAML::NodeType::Map);
      if (!node.IsMap()) {
        error(name + ": must be a YAML map");
        return std::nullopt;
      }
      return node;
    } catch (const YAML::Exception& failure) {
      error(yaml_error(name, failure));
      return std::nullopt;
    }
  }

  // ------------------------------------------------------------ problem.yaml

  void read_problem_yaml() {
    if (find("problem.yaml") == nullptr) {
      error("problem.yaml: missing");
      return;
    }
    const std::optional<YAML::Node> root = parse("problem.yaml");
    if (!root) return;
    try {
      read_metadata(*root);
      read_judging(*root);
      read_limits((*root)["limits"]);
      for (const auto& item : *root) {
        const std::string key = item.first.as<std::string>();
        if (!used_key(key)) warn("problem.yaml: '" + key + "' is not carried over");
      }
    } catch (const YAML::Exception& failure) {
      error(yaml_error("problem.yaml", failure));
    }
  }

  // A string, or a map of languages (2023-07) from which English is taken.
  std::string text_or_english(const YAML::Node& node, const std::string& what) {
    if (!node || node.IsNull()) return "";
    if (node.IsScalar()) return node.as<std::string>();
    if (node.IsMap() && node["en"]) return node["en"].as<std::string>();
    if (node.IsMap() && node["name"]) return node["name"].as<std::string>();
    error("problem.yaml: '" + what + "' must be a string or a map of languages with 'en'");
    return "";
  }

  void read_metadata(const YAML::Node& root) {
    name_ = text_or_english(root["name"], "name");
    source_ = text_or_english(root["source"], "source");
    if (root["source_url"] && root["source_url"].IsScalar()) {
      source_ += (source_.empty() ? "" : " ") + ("<" + root["source_url"].as<std::string>() + ">");
    }
    if (const YAML::Node keywords = root["keywords"]) {
      if (keywords.IsSequence()) {
        for (const auto& word : keywords) tags_.push_back(word.as<std::string>());
      } else {
        std::istringstream words(keywords.as<std::string>());
        for (std::string word; words >> word;) tags_.push_back(word);
      }
    }
  }

  void read_judging(const YAML::Node& root) {
    const std::string type = root["type"] ? YAML::Dump(root["type"]) : "pass-fail";
    scoring_ = type.find("scoring") != std::string::npos;
    for (const char* refused : {"interactive", "multi-pass", "submit-answer"}) {
      if (type.find(refused) != std::string::npos) {
        error(std::string("problem.yaml: type ") + refused + " cannot be expressed in proctor");
      }
    }
    const std::string validation =
        root["validation"] ? root["validation"].as<std::string>() : "default";
    if (validation.find("interactive") != std::string::npos) {
      error("problem.yaml: validation '" + validation +
            "': interactive problems cannot be expressed in proctor");
    } else if (validation != "default") {
      error("problem.yaml: validation '" + validation +
            "': a custom output validator cannot be run; proctor judges with the default "
            "rules and validator_flags only");
    }
    if (root["validator_flags"]) {
      validator_flags_ = root["validator_flags"].as<std::string>();
      check_validator_flags(validator_flags_, "problem.yaml");
    }
  }

  void check_validator_flags(const std::string& flags, const std::string& where) {
    std::istringstream words(flags);
    for (std::string flag; words >> flag;) {
      if (flag == "case_sensitive" || flag == "space_change_sensitive") continue;
      double value = -1;
      if (known_flag_value(flag) && words >> value && value >= 0) continue;
      error(cat(where, ": validator flag '", flag, "' ",
                known_flag_value(flag) ? "needs a non-negative number"
                                       : "is not one of the default validator's"));
      return;
    }
  }

  void read_limits(const YAML::Node& limits) {
    std::string unused;
    if (limits && !limits.IsMap()) error("problem.yaml: 'limits' must be a map");
    if (limits && limits.IsMap()) {
      for (const auto& item : limits) {
        const std::string key = item.first.as<std::string>();
        if (key == "time_limit") {
          time_limit_ = item.second.as<std::string>();
        } else if (key == "memory" || key == "output") {
          (key == "memory" ? memory_ : output_) = item.second.as<std::string>();
        } else {
          unused += " " + key;
        }
      }
    }
    if (time_limit_.empty()) read_dot_timelimit();
    if (!unused.empty()) warn("problem.yaml: limits not carried over:" + unused);
  }

  // DOMjudge keeps a legacy package's time limit in .timelimit.
  void read_dot_timelimit() {
    if (const std::string* text = find(".timelimit")) {
      take(".timelimit");
      std::istringstream in(*text);
      double seconds = 0;
      if (in >> seconds && seconds > 0) {
        time_limit_ = number(seconds);
        return;
      }
      error(".timelimit: not a number of seconds");
      return;
    }
    time_limit_ = "2";
    warn(
        "problem.yaml: no limits.time_limit (a legacy judge derives it from its accepted "
        "solutions and time_multiplier): set to 2 s");
  }

  // ------------------------------------------------------------ statement

  void read_statement() {
    for (const char* name : {"problem_statement/problem.en.md", "problem_statement/problem.md",
                             "statement/problem.en.md", "statement/problem.md"}) {
      if (const std::string* text = find(name)) {
        take(name);
        out_.files.emplace_back("statement.md", *text);
        return;
      }
    }
    for (const char* name : {"problem_statement/problem.en.tex", "problem_statement/problem.tex",
                             "statement/problem.en.tex"}) {
      if (const std::string* text = find(name)) {
        take(name);
        out_.files.emplace_back("statement.md", *text);
        warn(std::string(name) + ": a LaTeX statement, taken as is: rewrite it in Markdown");
        if (name_.empty()) name_ = tex_problem_name(*text);
        return;
      }
    }
    error("problem_statement/problem.en.md: missing (no Markdown or LaTeX statement)");
  }

  static std::string tex_problem_name(const std::string& tex) {
    const std::string command = "\\problemname{";
    const std::size_t at = tex.find(command);
    if (at == std::string::npos) return "";
    const std::size_t start = at + command.size();
    const std::size_t end = tex.find('}', start);
    return end == std::string::npos ? "" : tex.substr(start, end - start);
  }

  // ------------------------------------------------------------ data

  void read_data() {
    std::map<std::string, Folder> folders;  // "sample", "secret", "secret/group"
    for (const auto& [name, content] : files_) {
      if (!name.starts_with("data/")) continue;
      place_data_file(name, *content, folders);
    }
    if (!folders.contains("sample")) warn("data/sample: no sample tests");
    if (!folders.contains("secret") && !has_group(folders)) {
      error("data/secret: missing data (no secret tests)");
      return;
    }
    for (const auto& [folder, tests] : folders) check_pairs(folder, tests);
    assign_points(folders);
  }

  static bool has_group(const std::map<std::string, Folder>& folders) {
    return std::any_of(folders.begin(), folders.end(),
                       [](const auto& item) { return item.first.starts_with("secret/"); });
  }

  void place_data_file(const std::string& name, const std::string& content,
                       std::map<std::string, Folder>& folders) {
    const std::string inside = name.substr(5);  // after "data/"
    const std::size_t slash = inside.rfind('/');
    const std::string folder = slash == std::string::npos ? "" : inside.substr(0, slash);
    const std::string file = inside.substr(slash == std::string::npos ? 0 : slash + 1);
    if (file == "testdata.yaml") return;  // read when its folder's points are worked out
    const bool ours = folder == "sample" || folder == "secret" ||
                      (folder.starts_with("secret/") && folder.find('/', 7) == std::string::npos);
    if (!ours) {
      if (folder.starts_with("secret/") || folder.starts_with("sample/")) {
        error(name +
              ": nested test groups (or grouped samples) cannot be expressed: proctor's "
              "groups are the folders directly under data/secret");
      } else {
        warn(name + ": not carried over (proctor reads data/sample and data/secret)");
      }
      return;
    }
    const std::size_t dot = file.rfind('.');
    const std::string extension = dot == std::string::npos ? "" : file.substr(dot);
    if (extension == ".interaction") {
      error(name + ": interactive problems cannot be expressed in proctor");
    } else if (extension == ".in" || extension == ".ans") {
      folders[folder].tests.insert(file.substr(0, dot));
      take(name);
      out_.files.emplace_back(name, content);
    } else {
      warn(name + ": not carried over (only .in and .ans test files are)");
    }
  }

  void check_pairs(const std::string& folder, const Folder& tests) {
    for (const std::string& test : tests.tests) {
      for (const char* extension : {".in", ".ans"}) {
        const std::string path = cat("data/", folder, "/", test, extension);
        if (find(path) == nullptr) {
          error(cat(path, ": missing data: test ", folder, "/", test, " has no ", extension));
        }
      }
    }
  }

  // The testdata.yaml that applies to a folder under data/, parsed once.
  TestData test_data(const std::string& folder) {
    for (std::string at = folder;; at = at.substr(0, at.rfind('/'))) {
      const std::string path = "data/" + at + "/testdata.yaml";
      if (find(path) != nullptr) return parse_test_data(path);
      if (at.find('/') == std::string::npos) break;
    }
    if (find("data/testdata.yaml") != nullptr) return parse_test_data("data/testdata.yaml");
    return TestData{};
  }

  TestData parse_test_data(const std::string& path) {
    TestData data;
    const std::optional<YAML::Node> root = parse(path);
    if (!root) return data;
    try {
      for (const auto& item : *root) read_test_data_key(path, item, data);
    } catch (const YAML::Exception& failure) {
      error(yaml_error(path, failure));
    }
    return data;
  }

  void read_test_data_key(const std::string& path, const YAML::detail::iterator_value& item,
                          TestData& data) {
    const std::string key = item.first.as<std::string>();
    if (key == "accept_score") {
      data.accept_score = item.second.as<double>();
    } else if (key == "grader_flags") {
      read_grader_flags(path, item.second.as<std::string>(), data);
    } else if (key == "output_validator_flags") {
      data.output_flags = item.second.as<std::string>();
      data.has_output_flags = true;
    } else if (key == "grading" && item.second.as<std::string>() != "default") {
      error(path + ": grading '" + item.second.as<std::string>() +
            "': a custom grader cannot be run");
    } else if (key != "grading" && !reported_.contains(path + key)) {
      reported_.insert(path + key);
      warn(path + ": '" + key + "' is not carried over");
    }
  }

  void read_grader_flags(const std::string& path, const std::string& flags, TestData& data) {
    std::istringstream words(flags);
    for (std::string flag; words >> flag;) {
      if (flag == "sum" || flag == "min" || flag == "avg") {
        data.aggregation = flag;
      } else if (flag != "ignore_sample") {  // samples never score in proctor
        error(cat(path, ": grader flag '", flag, "' cannot be expressed (only sum, avg and min)"));
      }
    }
  }

  // Scoring packages keep their accept_score arithmetic; pass-fail ones get
  // a point per secret test, since proctor always gives partial credit.
  void assign_points(const std::map<std::string, Folder>& folders) {
    if (!scoring_) {
      warn(
          "problem.yaml: a pass-fail problem: proctor gives partial credit, a point per "
          "secret test (a group: its cases' count; all or nothing with grader_flags min)");
    }
    for (const auto& [folder, tests] : folders) {
      if (folder == "sample") continue;
      const TestData data = test_data(folder);
      check_group_flags(folder, data);
      const double count = static_cast<double>(tests.tests.size());
      const double score = scoring_ ? data.accept_score : 1;
      if (folder == "secret") {
        if (data.aggregation != "sum") {
          error("data/secret/testdata.yaml: grader_flags " + data.aggregation +
                " over ungrouped tests cannot be expressed: put them in a group folder");
        }
        points_ += score * count;
        continue;
      }
      const double points = data.aggregation == "sum" ? score * count : score;
      points_ += points;
      out_.files.emplace_back("data/" + folder + "/testdata.yaml",
                              "points: " + number(points) + "\nrequire_all: " +
                                  (data.aggregation == "min" ? "true" : "false") + "\n");
    }
    if (!(points_ > 0)) error("data/secret: the secret tests are worth no points");
  }

  void check_group_flags(const std::string& folder, const TestData& data) {
    if (data.has_output_flags && data.output_flags != validator_flags_) {
      error("data/" + folder + ": output_validator_flags '" + data.output_flags +
            "' differ from problem.yaml's validator_flags: proctor has one set per problem");
    }
  }

  // ------------------------------------------------------------ submissions

  void read_submissions() {
    bool accepted = false;
    for (const auto& [name, content] : files_) {
      if (!name.starts_with("submissions/")) continue;
      const std::string rest = name.substr(12);
      const std::string category = first_component(rest);
      const bool single_python = rest.find('/') == category.size() &&
                                 rest.find('/', category.size() + 1) == std::string::npos &&
                                 rest.ends_with(".py");
      if ((category == "accepted" || category == "wrong_answer") && single_python) {
        take(name);
        out_.files.emplace_back(name, *content);
        accepted = accepted || category == "accepted";
      }
    }
    if (!accepted) {
      warn("submissions/accepted: no Python solution: validation needs at least one");
    }
  }

  // Whatever was not taken, file by file.
  void report_rest() {
    for (const auto& [name, content] : files_) {
      if (taken_.contains(name)) continue;
      if (name.starts_with("data/")) {
        // Other data files were reported as they were placed.
        if (name.ends_with("/testdata.yaml")) {
          warn(name + ": not carried over (no secret tests in its folder use it)");
        }
        continue;
      }
      const bool top = name.find('/') == std::string::npos;
      warn(name + ": not carried over" + why_left(top ? name : first_component(name) + "/"));
    }
  }

  static std::string why_left(const std::string& part) {
    if (part == "submissions/") return " (only single-file Python accepted/ and wrong_answer/)";
    if (part.starts_with("input")) return " (input validators are not run)";
    if (part.starts_with("output_validator")) return " (validation is default: not used)";
    if (part == "problem_statement/" || part == "statement/") {
      return " (one Markdown statement is kept)";
    }
    return "";
  }

  // ------------------------------------------------------------ our problem.yaml

  std::string our_problem_yaml() {
    if (name_.empty()) error("problem.yaml: no name");
    if (tags_.empty()) tags_.push_back("kattis");
    warn("problem.yaml: difficulty set to medium (Kattis has none)");
    YAML::Emitter out;
    out << YAML::Comment("Imported from a Kattis package") << YAML::Newline << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << name_;
    if (!source_.empty()) out << YAML::Key << "source" << YAML::Value << source_;
    out << YAML::Key << "limits" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "time_limit" << YAML::Value << time_limit_;
    out << YAML::Key << "memory" << YAML::Value << (memory_.empty() ? "2048" : memory_);
    out << YAML::Key << "output" << YAML::Value << (output_.empty() ? "8" : output_);
    out << YAML::EndMap;
    if (!validator_flags_.empty()) {
      out << YAML::Key << "validator_flags" << YAML::Value << validator_flags_;
    }
    out << YAML::Key << "kind" << YAML::Value << "stdio";
    out << YAML::Key << "points" << YAML::Value << number(points_);
    out << YAML::Key << "difficulty" << YAML::Value << "medium";
    out << YAML::Key << "tags" << YAML::Value << YAML::Flow << tags_;
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
  }

  std::map<std::string, const std::string*> files_;
  std::set<std::string> taken_;
  std::set<std::string> reported_;
  Converted out_;
  std::string name_, source_, validator_flags_, time_limit_, memory_, output_;
  std::vector<std::string> tags_;
  bool scoring_ = false;
  double points_ = 0;
};

}  // namespace

Converted convert_foreign(const Files& package) {
  return ForeignConverter(package).run();
}

}  // namespace interchange::kattis
