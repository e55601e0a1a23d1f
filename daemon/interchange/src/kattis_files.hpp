// What the Kattis exporter and importer share: reading a package or problem
// folder into memory, and the files the export writes for Kattis alone.
#pragma once

#include <filesystem>
#include <string>

#include "grading/problem.hpp"
#include "interchange/kattis.hpp"
#include "upload/archive.hpp"

namespace interchange::kattis {

// Every regular file under `dir`, sorted by path. Refuses (std::runtime_error
// naming the file) links and special files, and anything over the limits,
// before reading it: a folder on disk gets the same rules as an upload.
Files read_tree(const std::filesystem::path& dir, const upload::Limits& limits);

// The Kattis-side problem.yaml and data/**/testdata.yaml of a problem:
// written on export, and on an exact import compared with the package's to
// find edits made to the Kattis side after export.
Files kattis_side(const grading::Problem& problem, const std::string& validator_flags);

// Numbers as YAML shows them: shortest exact-enough form, no locale.
std::string number(double value);

// Joins the parts into one string, growing it in place (clang-tidy's
// inefficient-string-concatenation, in loops).
template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out += ... += parts);
  return out;
}

// A path as the author knows it: relative to `root` when under it.
std::string relative_to(const std::string& text, const std::filesystem::path& root);

}  // namespace interchange::kattis

namespace interchange::kattis {

// What a package becomes: the files of our problem folder, and the report.
struct Converted {
  Files files;
  std::vector<std::string> warnings;
  std::vector<std::string> errors;  // any: nothing is created
};

// A package exported by proctor (it has proctor/problem.yaml): every file
// restored to where our problem had it.
Converted restore_exact(const Files& package);

// Any other Kattis package, converted rule by rule (docs/kattis.md).
Converted convert_foreign(const Files& package);

}  // namespace interchange::kattis
