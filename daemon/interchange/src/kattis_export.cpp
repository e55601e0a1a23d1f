#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include "interchange/kattis.hpp"
#include "kattis_files.hpp"

namespace interchange {
namespace fs = std::filesystem;

namespace kattis {

namespace {

void check_entry(const fs::directory_entry& entry, const fs::path& dir) {
  const std::string name = entry.path().lexically_relative(dir).generic_string();
  const fs::file_status status = entry.symlink_status();
  if (fs::is_symlink(status)) throw std::runtime_error(name + ": links are refused");
  if (!fs::is_regular_file(status) && !fs::is_directory(status)) {
    throw std::runtime_error(name + ": only regular files and folders are taken");
  }
}

}  // namespace

Files read_tree(const fs::path& dir, const upload::Limits& limits) {
  if (!fs::is_directory(fs::symlink_status(dir))) {
    throw std::runtime_error(dir.string() + ": not a folder");
  }
  Files files;
  std::size_t entries = 0;
  std::size_t total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    check_entry(entry, dir);
    const std::string name = entry.path().lexically_relative(dir).generic_string();
    if (++entries > limits.max_files) {
      throw std::runtime_error("more than " + std::to_string(limits.max_files) + " entries");
    }
    if (!entry.is_regular_file()) continue;
    const std::size_t size = entry.file_size();
    if (size > limits.max_file_bytes) {
      throw std::runtime_error(name + ": over " + std::to_string(limits.max_file_bytes) + " bytes");
    }
    total += size;
    if (total > limits.max_total_bytes) {
      throw std::runtime_error("over " + std::to_string(limits.max_total_bytes) + " bytes in all");
    }
    files.emplace_back(name, grading::read_file(entry.path()));
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string number(double value) {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out << std::setprecision(12) << value;
  return out.str();
}

std::string relative_to(const std::string& text, const fs::path& root) {
  std::string out = text;
  const std::string prefix = root.string() + "/";
  for (auto at = out.find(prefix); at != std::string::npos; at = out.find(prefix, at)) {
    out.erase(at, prefix.size());
  }
  return out;
}

namespace {

std::string problem_yaml(const grading::Problem& problem, const std::string& validator_flags) {
  YAML::Emitter out;
  out << YAML::Comment(
             "Exported by proctor. The problem as proctor defines it: proctor/problem.yaml; "
             "files Kattis has no place for: proctor/files/")
      << YAML::Newline;
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << problem.name;
  if (!problem.source.empty()) out << YAML::Key << "source" << YAML::Value << problem.source;
  // Every problem of ours gives partial credit: Kattis calls that scoring.
  out << YAML::Key << "type" << YAML::Value << "scoring";
  std::string keywords;
  for (const std::string& tag : problem.tags) keywords += (keywords.empty() ? "" : " ") + tag;
  if (!keywords.empty()) out << YAML::Key << "keywords" << YAML::Value << keywords;
  out << YAML::Key << "limits" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "time_limit" << YAML::Value << number(problem.time_limit_s);
  out << YAML::Key << "memory" << YAML::Value << problem.memory_mb;
  out << YAML::Key << "output" << YAML::Value << problem.output_mb;
  out << YAML::EndMap;
  if (!validator_flags.empty()) {
    out << YAML::Key << "validator_flags" << YAML::Value << validator_flags;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

// Kattis scores a case with accept_score and a group by its aggregation:
// `min` when every case must pass, `sum` (the default) otherwise.
std::string testdata_yaml(const std::string& comment, double accept_score, bool require_all) {
  std::string text = "# proctor: " + comment + "\n";
  if (require_all) text += "grader_flags: min\n";
  return text + "accept_score: " + number(accept_score) + "\n";
}

}  // namespace

Files kattis_side(const grading::Problem& problem, const std::string& validator_flags) {
  Files files{{"problem.yaml", problem_yaml(problem, validator_flags)}};
  std::vector<std::size_t> cases(problem.groups.size(), 0);
  std::size_t ungrouped = 0;
  double ungrouped_points = 0;
  for (const grading::TestCase& test : problem.tests) {
    if (test.sample) continue;
    if (test.group >= 0) {
      ++cases[static_cast<std::size_t>(test.group)];
    } else {
      ++ungrouped;
      ungrouped_points = test.points;
    }
  }
  if (ungrouped > 0) {
    files.emplace_back("data/secret/testdata.yaml",
                       testdata_yaml("each ungrouped secret test", ungrouped_points, false));
  }
  for (std::size_t i = 0; i < problem.groups.size(); ++i) {
    const grading::TestGroup& group = problem.groups[i];
    const double each = group.require_all || cases[i] == 0
                            ? group.points
                            : group.points / static_cast<double>(cases[i]);
    files.emplace_back("data/secret/" + group.name + "/testdata.yaml",
                       testdata_yaml("group '" + group.name + "', " + number(group.points) +
                                         " points" + (group.require_all ? ", all or nothing" : ""),
                                     each, group.require_all));
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace kattis

namespace {

using kattis::number;

bool in_files_folder(const fs::path& path) {
  return std::any_of(path.begin(), path.end(), [](const fs::path& part) {
    const std::string name = part.string();
    return name.size() > 6 && name.ends_with(".files");
  });
}

bool has_generator(const fs::path& dir, const fs::path& answer) {
  fs::path generator = answer;
  generator.replace_extension(".gen.py");
  return fs::is_regular_file(dir / generator);
}

// Where a file of our problem goes in the package. Tests Kattis can run
// stay under data/; every other file is kept verbatim under proctor/files/.
std::string package_path(const fs::path& dir, const std::string& name) {
  if (name == "problem.yaml") return "proctor/problem.yaml";
  if (name == "statement.md") return "problem_statement/problem.en.md";
  if (name.starts_with("submissions/")) return name;
  const fs::path path(name);
  const std::string extension = path.extension().string();
  const bool test_file = name.starts_with("data/") && !in_files_folder(path) &&
                         (extension == ".in" || extension == ".ans");
  if (test_file && !(extension == ".ans" && has_generator(dir, path))) return name;
  return "proctor/files/" + name;
}

std::string raw_validator_flags(const fs::path& dir) {
  const YAML::Node root = YAML::LoadFile((dir / "problem.yaml").string());
  const YAML::Node flags = root["validator_flags"];
  return flags && flags.IsScalar() ? flags.as<std::string>() : "";
}

void note_kind(const grading::Problem& problem, std::vector<std::string>& notes) {
  if (problem.kind == grading::ProblemKind::Stdio) return;
  const std::string kind = grading::kind_name(problem.kind);
  notes.push_back("kind " + kind + " (entry " + problem.entry +
                  "): each test is a JSON call judged by proctor's harness, compared as JSON "
                  "(float_tolerance " +
                  number(problem.json_rules.float_tolerance) +
                  (problem.json_rules.unordered ? ", unordered" : "") +
                  "); a plain Kattis judge would run submissions as programs on the .in and "
                  "fail them");
  if (problem.driver) {
    notes.push_back(
        "driver.py (proctor/files/driver.py) calls the candidate's code; Kattis has "
        "no counterpart");
  }
}

void note_tests(const grading::Problem& problem, std::vector<std::string>& notes) {
  for (const grading::TestCase& test : problem.tests) {
    if (!test.generator.empty()) {
      notes.push_back("test " + test.name +
                      " is generated (proctor/files/data/...gen.py): a plain Kattis judge does "
                      "not have it");
    }
    if (!test.files.empty()) {
      notes.push_back("test " + test.name +
                      " gives files to the working directory (proctor/files/data/...files/): a "
                      "plain Kattis judge does not");
    }
  }
}

std::vector<std::string> notes_for(const grading::Problem& problem) {
  std::vector<std::string> notes;
  note_kind(problem, notes);
  note_tests(problem, notes);
  if (!problem.starter.empty()) {
    notes.push_back("starter code (proctor/files/starter.py): Kattis has none");
  }
  notes.push_back(
      "difficulty " + problem.difficulty +
      (problem.guide_question.empty() ? "" : ", guide question " + problem.guide_question) +
      ": only in proctor/problem.yaml");
  notes.push_back("limits.time_limit " + number(problem.time_limit_s) +
                  " s is the 2023-07 key; a legacy-only judge derives its own limit from its "
                  "accepted solutions");
  return notes;
}

}  // namespace

KattisExport to_kattis(const fs::path& problem_dir) {
  const grading::LoadedProblem loaded = grading::load_problem(problem_dir);
  if (!loaded.problem) {
    std::string message = "the problem cannot be loaded:";
    for (const grading::Issue& issue : loaded.issues) message += "\n  " + grading::describe(issue);
    throw std::runtime_error(message);
  }
  KattisExport out;
  for (auto& [name, content] : kattis::read_tree(problem_dir, upload::Limits{})) {
    out.files.emplace_back(package_path(problem_dir, name), std::move(content));
  }
  for (auto& file : kattis::kattis_side(*loaded.problem, raw_validator_flags(problem_dir))) {
    out.files.push_back(std::move(file));
  }
  std::sort(out.files.begin(), out.files.end());
  out.notes = notes_for(*loaded.problem);
  return out;
}

}  // namespace interchange
