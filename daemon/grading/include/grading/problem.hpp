// A coding problem: a folder in the Kattis package layout with our
// additions (problems/README.md is the reference).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "grading/issue.hpp"

namespace grading {

enum class ProblemKind { Stdio, Function, Class };

struct TestCase {
  std::string name;  // "sample/01", "secret/large/03-big"
  bool sample = false;
  int group = -1;                   // index into Problem::groups, -1 when ungrouped
  std::filesystem::path input;      // the .in file, or empty when generated
  std::filesystem::path generator;  // the .gen.py file, or empty
  std::filesystem::path answer;     // the .ans file
  std::filesystem::path files;      // the <test>.files folder, or empty
  double points = 0;  // what passing it is worth (within a require_all group: a share)
};

struct TestGroup {
  std::string name;
  double points = 0;
  bool require_all = false;
};

struct OutputRules {  // Kattis default output validator flags
  bool case_sensitive = false;
  bool space_change_sensitive = false;
  double absolute_tolerance = -1;  // negative: none
  double relative_tolerance = -1;
};

struct JsonRules {  // function and class problems
  double float_tolerance = 1e-6;
  bool unordered = false;
};

struct Problem {
  std::string slug;
  std::filesystem::path dir;
  std::string name;
  std::string source;
  std::string statement;  // Markdown
  std::string starter;    // starter code ("" if none)
  ProblemKind kind = ProblemKind::Stdio;
  std::string entry;                  // function or class name
  std::optional<std::string> driver;  // driver.py source
  double time_limit_s = 2;
  unsigned memory_mb = 256;
  unsigned output_mb = 1;
  OutputRules output_rules;
  JsonRules json_rules;
  double points = 0;
  std::string difficulty;
  std::vector<std::string> tags;
  std::string guide_question;
  std::vector<TestCase> tests;  // samples first, then secret, in name order
  std::vector<TestGroup> groups;
  std::vector<std::filesystem::path> accepted;
  std::vector<std::filesystem::path> wrong_answer;
  std::string content_hash;  // sha256 over every file of the package
};

struct LoadedProblem {
  std::optional<Problem> problem;  // empty when an issue made it unusable
  Issues issues;
};

// Reads and checks one problem folder. Every issue found is reported, with
// its file and line; the problem is still returned when the issues do not
// prevent grading (missing solutions, too few tests).
LoadedProblem load_problem(const std::filesystem::path& dir);

const char* kind_name(ProblemKind kind);

// Reads a whole file; throws std::runtime_error naming it.
std::string read_file(const std::filesystem::path& path);

}  // namespace grading
