// Kattis packages: every problem of the bank exports and imports back with
// the same content hash; a hand-written Kattis package with test groups and
// float tolerance converts as Kattis means it; bad packages are refused
// precisely and leave nothing behind.
#include "interchange/kattis.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "../test_files.hpp"
#include "grading/problem.hpp"

namespace {

namespace fs = std::filesystem;
using interchange::KattisImport;
using interchange::KattisRefused;
using interchange::KattisResult;
using test_files::slurp;
using test_files::TempDir;

const fs::path kBank = fs::path(PROCTOR_PROBLEMS_DIR) / "coding";
const fs::path kFixture = fs::path(PROCTOR_KATTIS_FIXTURES) / "kattis-hypotenuse";

void spit(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// Every file under a folder, path -> content.
std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      files[fs::relative(entry.path(), dir).generic_string()] = slurp(entry.path());
    }
  }
  return files;
}

void write_tree(const interchange::Files& files, const fs::path& dir) {
  for (const auto& [name, content] : files) spit(dir / name, content);
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

KattisImport imported(const KattisResult& result) {
  if (const auto* refused = std::get_if<KattisRefused>(&result)) {
    ADD_FAILURE() << "refused:\n" << joined(refused->errors);
    return {};
  }
  return std::get<KattisImport>(result);
}

bool mentions(const std::vector<std::string>& lines, const std::string& part) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& line) { return line.find(part) != std::string::npos; });
}

grading::Problem load(const fs::path& dir) {
  grading::LoadedProblem loaded = grading::load_problem(dir);
  EXPECT_TRUE(loaded.problem.has_value()) << dir;
  return loaded.problem ? *loaded.problem : grading::Problem{};
}

TEST(KattisExport, TheWholeBankImportsBackWithTheSameContentHash) {
  TempDir work;
  std::size_t problems = 0;
  for (const auto& entry : fs::directory_iterator(kBank)) {
    const std::string slug = entry.path().filename().string();
    SCOPED_TRACE(slug);
    const grading::Problem original = load(entry.path());
    const interchange::KattisExport exported = interchange::to_kattis(entry.path());
    const fs::path archive = work.path() / (slug + ".zip");
    spit(archive, interchange::zip_files(exported.files, slug));
    const KattisImport back =
        imported(interchange::import_kattis(archive, work.path() / "coding", ""));
    EXPECT_EQ(back.slug, slug);
    EXPECT_TRUE(back.exact);
    EXPECT_TRUE(back.warnings.empty()) << joined(back.warnings);
    const fs::path copy = work.path() / "coding" / slug;
    EXPECT_EQ(load(copy).content_hash, original.content_hash);
    // Submissions are outside the hash; they make the trip all the same.
    EXPECT_EQ(tree(copy), tree(entry.path()));
    ++problems;
  }
  EXPECT_GE(problems, 34U);
}

TEST(KattisExport, PutsEachPartWhereKattisLooksAndReportsTheRest) {
  const interchange::KattisExport exported = interchange::to_kattis(kBank / "repeat-orders-window");
  std::map<std::string, std::string> files(exported.files.begin(), exported.files.end());
  EXPECT_TRUE(files.contains("problem_statement/problem.en.md"));
  EXPECT_TRUE(files.contains("proctor/problem.yaml"));
  EXPECT_TRUE(files.contains("data/sample/01.in") || files.contains("data/sample/01-example.in"));
  EXPECT_FALSE(files.contains("statement.md"));
  // A generated test lives under proctor/files/, answer and all.
  EXPECT_TRUE(files.contains("proctor/files/data/secret/20-big-whole-window.gen.py"));
  EXPECT_TRUE(files.contains("proctor/files/data/secret/20-big-whole-window.ans"));
  EXPECT_FALSE(files.contains("data/secret/20-big-whole-window.ans"));
  EXPECT_TRUE(mentions(exported.notes, "secret/20-big-whole-window is generated"));
  EXPECT_NE(files["problem.yaml"].find("type: scoring"), std::string::npos);

  const interchange::KattisExport groups = interchange::to_kattis(kBank / "prime-check");
  std::map<std::string, std::string> group_files(groups.files.begin(), groups.files.end());
  EXPECT_NE(group_files["data/secret/large/testdata.yaml"].find("grader_flags: min"),
            std::string::npos);
  EXPECT_TRUE(group_files.contains("proctor/files/data/secret/large/testdata.yaml"));
  EXPECT_TRUE(mentions(groups.notes, "kind function (entry is_prime)"));

  const interchange::KattisExport stdio = interchange::to_kattis(kBank / "letter-triangle");
  std::map<std::string, std::string> stdio_files(stdio.files.begin(), stdio.files.end());
  EXPECT_NE(stdio_files["problem.yaml"].find("validator_flags: case_sensitive space_change"),
            std::string::npos);
}

TEST(KattisExport, TheSameProblemAlwaysGivesTheSameBytes) {
  const auto first = interchange::to_kattis(kBank / "gcd");
  const auto second = interchange::to_kattis(kBank / "gcd");
  EXPECT_EQ(interchange::zip_files(first.files, "gcd"),
            interchange::zip_files(second.files, "gcd"));
}

TEST(KattisExport, AFolderPackageImportsToo) {
  TempDir work;
  write_tree(interchange::to_kattis(kBank / "file-word-count").files, work.path() / "wc");
  const KattisImport back =
      imported(interchange::import_kattis(work.path() / "wc", work.path() / "coding", "words"));
  EXPECT_EQ(back.slug, "words");
  EXPECT_EQ(load(work.path() / "coding" / "words").content_hash,
            load(kBank / "file-word-count").content_hash);
}

TEST(KattisExport, EditsToTheKattisSideAreReportedNotTaken) {
  TempDir work;
  write_tree(interchange::to_kattis(kBank / "prime-check").files, work.path() / "pc");
  spit(work.path() / "pc" / "data" / "secret" / "large" / "testdata.yaml", "accept_score: 99\n");
  spit(work.path() / "pc" / "notes.txt", "a reviewer's notes\n");
  const KattisImport back =
      imported(interchange::import_kattis(work.path() / "pc", work.path() / "coding", ""));
  EXPECT_TRUE(mentions(back.warnings, "data/secret/large/testdata.yaml: differs"))
      << joined(back.warnings);
  EXPECT_TRUE(mentions(back.warnings, "notes.txt: not carried over")) << joined(back.warnings);
  EXPECT_EQ(load(work.path() / "coding" / "pc").content_hash,
            load(kBank / "prime-check").content_hash);
}

TEST(KattisImport, AHandWrittenPackageWithGroupsAndFloatToleranceConverts) {
  TempDir work;
  const fs::path coding = work.path() / "coding";
  const KattisImport result = imported(interchange::import_kattis(kFixture, coding, ""));
  EXPECT_EQ(result.slug, "kattis-hypotenuse");
  EXPECT_FALSE(result.exact);
  const grading::Problem problem = load(coding / "kattis-hypotenuse");
  EXPECT_EQ(problem.name, "Hypotenuse");
  EXPECT_EQ(problem.kind, grading::ProblemKind::Stdio);
  EXPECT_DOUBLE_EQ(problem.output_rules.absolute_tolerance, 1e-6);
  EXPECT_DOUBLE_EQ(problem.output_rules.relative_tolerance, 1e-6);
  EXPECT_DOUBLE_EQ(problem.time_limit_s, 2);
  EXPECT_EQ(problem.memory_mb, 256U);
  EXPECT_EQ(problem.tags, (std::vector<std::string>{"geometry", "floating-point"}));
  // 4 ungrouped tests at Kattis's default accept_score 1, "small" all or
  // nothing at 10, "large" 3 cases at 5 each.
  EXPECT_DOUBLE_EQ(problem.points, 29);
  ASSERT_EQ(problem.groups.size(), 2U);
  EXPECT_EQ(problem.groups[0].name, "large");
  EXPECT_DOUBLE_EQ(problem.groups[0].points, 15);
  EXPECT_FALSE(problem.groups[0].require_all);
  EXPECT_EQ(problem.groups[1].name, "small");
  EXPECT_DOUBLE_EQ(problem.groups[1].points, 10);
  EXPECT_TRUE(problem.groups[1].require_all);
  EXPECT_EQ(problem.tests.size(), 12U);
  EXPECT_EQ(problem.accepted.size(), 2U);
  EXPECT_EQ(problem.wrong_answer.size(), 2U);
  EXPECT_EQ(problem.statement, slurp(kFixture / "problem_statement" / "problem.en.md"));
  const auto& warnings = result.warnings;
  for (const char* part :
       {"'author' is not carried over", "'license' is not carried over",
        "limits not carried over: time_multiplier",
        "input_validators/validate.py: not carried over",
        "problem_statement/figure.svg: not carried over",
        "submissions/accepted/hypot.cpp: not carried over", "difficulty set to medium"}) {
    EXPECT_TRUE(mentions(warnings, part)) << part << " in\n" << joined(warnings);
  }
}

TEST(KattisImport, AZippedPackageImportsLikeItsFolder) {
  TempDir work;
  interchange::Files files;
  for (const auto& [name, content] : tree(kFixture)) files.emplace_back(name, content);
  spit(work.path() / "pkg.zip", interchange::zip_files(files, "hypotenuse"));
  imported(interchange::import_kattis(work.path() / "pkg.zip", work.path() / "a", ""));
  imported(interchange::import_kattis(kFixture, work.path() / "b", "hypotenuse"));
  EXPECT_EQ(load(work.path() / "a" / "hypotenuse").content_hash,
            load(work.path() / "b" / "hypotenuse").content_hash);
}

// A copy of the fixture, spoiled, imported; it must be refused with an
// error mentioning `expected`, and the bank folder must stay empty.
void expect_refused(const std::function<void(const fs::path&)>& spoil, const std::string& expected,
                    const upload::Limits& limits = {}) {
  TempDir work;
  const fs::path package = work.path() / "pkg";
  fs::copy(kFixture, package, fs::copy_options::recursive);
  spoil(package);
  const fs::path coding = work.path() / "coding";
  const KattisResult result = interchange::import_kattis(package, coding, "", limits);
  ASSERT_TRUE(std::holds_alternative<KattisRefused>(result)) << expected;
  const auto& errors = std::get<KattisRefused>(result).errors;
  EXPECT_TRUE(mentions(errors, expected)) << expected << " in\n" << joined(errors);
  EXPECT_TRUE(fs::is_empty(coding)) << "something was left in " << coding;
}

TEST(KattisImport, MissingDataIsRefused) {
  expect_refused([](const fs::path& p) { fs::remove(p / "data/secret/small/2.ans"); },
                 "data/secret/small/2.ans: missing data: test secret/small/2 has no .ans");
  expect_refused([](const fs::path& p) { fs::remove_all(p / "data/secret"); },
                 "data/secret: missing data");
  expect_refused([](const fs::path& p) { fs::remove_all(p / "problem_statement"); },
                 "not a Kattis package");
}

TEST(KattisImport, MalformedYamlIsRefusedWithItsLine) {
  expect_refused([](const fs::path& p) { spit(p / "problem.yaml", "name: x\nlimits: [1, 2\n"); },
                 "problem.yaml:3: malformed YAML");
  expect_refused(
      [](const fs::path& p) { spit(p / "data/secret/small/testdata.yaml", "accept_score: [\n"); },
      "data/secret/small/testdata.yaml:2: malformed YAML");
  expect_refused([](const fs::path& p) { spit(p / "problem.yaml", "- a list\n"); },
                 "problem.yaml: must be a YAML map");
}

TEST(KattisImport, WhatProctorCannotJudgeIsRefused) {
  expect_refused(
      [](const fs::path& p) {
        std::string yaml = slurp(p / "problem.yaml");
        yaml.replace(yaml.find("validation: default"), 19, "validation: custom interactive");
        spit(p / "problem.yaml", yaml);
      },
      "interactive problems cannot be expressed");
  expect_refused(
      [](const fs::path& p) {
        std::string yaml = slurp(p / "problem.yaml");
        yaml.replace(yaml.find("validation: default"), 19, "validation: custom");
        spit(p / "problem.yaml", yaml);
        spit(p / "output_validators/check/check.cpp", "int main() {}\n");
      },
      "a custom output validator cannot be run");
  expect_refused([](const fs::path& p) { spit(p / "data/secret/small/deeper/1.in", "1 1\n"); },
                 "nested test groups");
  expect_refused(
      [](const fs::path& p) {
        spit(p / "data/secret/large/testdata.yaml", "output_validator_flags: case_sensitive\n");
      },
      "output_validator_flags 'case_sensitive' differ");
  expect_refused(
      [](const fs::path& p) {
        std::string yaml = slurp(p / "problem.yaml");
        yaml.replace(yaml.find("float_tolerance 1e-6"), 20, "float_tolerance");
        spit(p / "problem.yaml", yaml);
      },
      "validator flag 'float_tolerance' needs a non-negative number");
}

TEST(KattisImport, LinksEscapesAndOversizedPackagesAreRefused) {
  expect_refused(
      [](const fs::path& p) { fs::create_symlink("/etc/passwd", p / "data/secret/05.in"); },
      "data/secret/05.in: links are refused");
  expect_refused([](const fs::path&) {}, ": over 8 bytes", upload::Limits{.max_file_bytes = 8});

  TempDir work;
  const fs::path coding = work.path() / "coding";
  // A zip whose names climb out of the folder.
  spit(work.path() / "evil.zip",
       interchange::zip_files({{"problem.yaml", "name: x\n"}, {"../../escaped", "x"}}, "evil"));
  auto result = interchange::import_kattis(work.path() / "evil.zip", coding, "");
  ASSERT_TRUE(std::holds_alternative<KattisRefused>(result));
  EXPECT_TRUE(mentions(std::get<KattisRefused>(result).errors, "may not contain '..'"))
      << joined(std::get<KattisRefused>(result).errors);
  // A tar holding a symlink, made by the real tar.
  const fs::path linked = work.path() / "linked";
  fs::copy(kFixture, linked, fs::copy_options::recursive);
  fs::create_symlink("../../../../etc/passwd", linked / "data/secret/05.in");
  const std::string command = "tar -C " + work.path().string() + " -czf " +
                              (work.path() / "linked.tar.gz").string() + " linked";
  ASSERT_EQ(std::system(command.c_str()), 0);
  result = interchange::import_kattis(work.path() / "linked.tar.gz", coding, "");
  ASSERT_TRUE(std::holds_alternative<KattisRefused>(result));
  EXPECT_TRUE(mentions(std::get<KattisRefused>(result).errors, "link"))
      << joined(std::get<KattisRefused>(result).errors);
  EXPECT_TRUE(fs::is_empty(coding));
}

TEST(KattisImport, AnExistingProblemIsNeverReplaced) {
  TempDir work;
  const fs::path coding = work.path() / "coding";
  imported(interchange::import_kattis(kFixture, coding, "hyp"));
  const std::string before = slurp(coding / "hyp" / "problem.yaml");
  const KattisResult again = interchange::import_kattis(kFixture, coding, "hyp");
  ASSERT_TRUE(std::holds_alternative<KattisRefused>(again));
  EXPECT_TRUE(mentions(std::get<KattisRefused>(again).errors, "exists already"));
  EXPECT_EQ(slurp(coding / "hyp" / "problem.yaml"), before);
  const KattisResult bad_slug = interchange::import_kattis(kFixture, coding, "Not A Slug");
  EXPECT_TRUE(std::holds_alternative<KattisRefused>(bad_slug));
  EXPECT_EQ(std::distance(fs::directory_iterator(coding), fs::directory_iterator()), 1);
}

}  // namespace
