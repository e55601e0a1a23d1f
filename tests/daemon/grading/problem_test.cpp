#include "grading/problem.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "grading/grader.hpp"

namespace grading {
namespace {

namespace fs = std::filesystem;

// A scratch folder with a minimal, valid function problem that each test
// then breaks in one way.
class ProblemFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("problem-test") / "add-two";
    put("problem.yaml",
        "name: Add two\nkind: function\nentry: add\npoints: 10\ndifficulty: easy\ntags: [math]\n"
        "guide_question: 33\nlimits:\n  time_limit: 1\n  memory: 64\n");
    put("statement.md", "Add them.\n");
    put("starter.py", "def add(a, b):\n    pass\n");
    for (int i = 1; i <= 2; ++i) put("data/sample/0" + std::to_string(i) + ".in", "[1, 2]", "3");
    for (int i = 1; i <= 4; ++i) put("data/secret/0" + std::to_string(i) + ".in", "[2, 2]", "4");
    put("submissions/accepted/ok.py", "def add(a, b):\n    return a + b\n");
  }
  void TearDown() override { fs::remove_all(dir_.parent_path()); }

  void put(const std::string& relative, const std::string& text, const std::string& answer = "") {
    fs::create_directories((dir_ / relative).parent_path());
    std::ofstream(dir_ / relative) << text;
    if (!answer.empty()) {
      std::ofstream(dir_ / fs::path(relative).replace_extension(".ans")) << answer;
    }
  }

  static std::string all(const Issues& issues) {
    std::string text;
    for (const Issue& issue : issues) text += describe(issue) + "\n";
    return text;
  }

  fs::path dir_;
};

TEST_F(ProblemFolder, AValidProblemLoads) {
  const LoadedProblem loaded = load_problem(dir_);
  ASSERT_TRUE(loaded.problem) << all(loaded.issues);
  EXPECT_TRUE(loaded.issues.empty()) << all(loaded.issues);
  const Problem& p = *loaded.problem;
  EXPECT_EQ(p.slug, "add-two");
  EXPECT_EQ(p.kind, ProblemKind::Function);
  EXPECT_EQ(p.entry, "add");
  EXPECT_EQ(p.memory_mb, 64u);
  EXPECT_DOUBLE_EQ(p.time_limit_s, 1);
  EXPECT_EQ(p.guide_question, "33");
  ASSERT_EQ(p.tests.size(), 6u);
  EXPECT_EQ(p.tests[0].name, "sample/01");
  EXPECT_TRUE(p.tests[0].sample);
  EXPECT_EQ(p.tests[2].name, "secret/01");
  EXPECT_DOUBLE_EQ(p.tests[2].points, 2.5);  // 10 points over 4 ungrouped tests
  EXPECT_EQ(p.content_hash.size(), 64u);
}

TEST_F(ProblemFolder, TheHashFollowsTheContentButNotTheSolutions) {
  const std::string before = load_problem(dir_).problem->content_hash;
  put("submissions/accepted/another.py", "def add(a, b): return b + a\n");
  EXPECT_EQ(load_problem(dir_).problem->content_hash, before);
  put("data/secret/04.ans", "5");
  EXPECT_NE(load_problem(dir_).problem->content_hash, before);
}

TEST_F(ProblemFolder, MalformedYamlGivesTheLine) {
  put("problem.yaml", "name: Add two\nkind: function\n  entry: [add\npoints: 10\n");
  const LoadedProblem loaded = load_problem(dir_);
  EXPECT_FALSE(loaded.problem);
  ASSERT_FALSE(loaded.issues.empty());
  EXPECT_NE(loaded.issues[0].path.find("problem.yaml"), std::string::npos);
  EXPECT_GE(loaded.issues[0].line, 2);
  EXPECT_NE(loaded.issues[0].message.find("YAML"), std::string::npos);
}

TEST_F(ProblemFolder, EveryBadFieldIsReportedWithItsLine) {
  put("problem.yaml",
      "name: Add two\nkind: lambda\npoints: -3\ndifficulty: trivial\ntags: []\n"
      "limits:\n  time_limit: fast\nvalidator_flags: float_tolerance\n");
  const LoadedProblem loaded = load_problem(dir_);
  const std::string text = all(loaded.issues);
  EXPECT_FALSE(loaded.problem);
  EXPECT_NE(text.find("problem.yaml:2: kind must be stdio, function or class"), std::string::npos)
      << text;
  EXPECT_NE(text.find("problem.yaml:3: 'points' must be between"), std::string::npos) << text;
  EXPECT_NE(text.find("problem.yaml:4: difficulty must be"), std::string::npos) << text;
  EXPECT_NE(text.find("problem.yaml:5: 'tags' is empty"), std::string::npos) << text;
  EXPECT_NE(text.find("problem.yaml:7: 'time_limit' must be a number"), std::string::npos) << text;
}

TEST_F(ProblemFolder, MissingPiecesAreNamed) {
  fs::remove(dir_ / "statement.md");
  fs::remove(dir_ / "data/secret/02.ans");
  put("data/secret/05.ans", "1");
  const std::string text = all(load_problem(dir_).issues);
  EXPECT_NE(text.find("statement.md: missing"), std::string::npos) << text;
  EXPECT_NE(text.find("02.ans: missing"), std::string::npos) << text;
  EXPECT_NE(text.find("test 05 has no .in"), std::string::npos) << text;
}

TEST_F(ProblemFolder, BadJsonInATestGivesItsLine) {
  put("data/secret/03.in", "[1,\n 2,\n oops]");
  const LoadedProblem loaded = load_problem(dir_);
  ASSERT_FALSE(loaded.issues.empty());
  EXPECT_NE(loaded.issues[0].path.find("03.in"), std::string::npos);
  EXPECT_EQ(loaded.issues[0].line, 3);
}

TEST_F(ProblemFolder, GroupsTakeTheirPointsFirst) {
  put("data/secret/big/testdata.yaml", "points: 4\nrequire_all: true\n");
  put("data/secret/big/01.in", "[5, 5]", "10");
  put("data/secret/big/02.in", "[6, 6]", "12");
  put("data/secret/kattis/testdata.yaml", "points: 2\ngrader_flags: min\n");
  put("data/secret/kattis/01.in", "[1, 1]", "2");
  const LoadedProblem loaded = load_problem(dir_);
  ASSERT_TRUE(loaded.problem) << all(loaded.issues);
  const Problem& p = *loaded.problem;
  ASSERT_EQ(p.groups.size(), 2u);
  EXPECT_TRUE(p.groups[0].require_all);
  EXPECT_TRUE(p.groups[1].require_all);
  double total = 0;
  for (const TestCase& t : p.tests) total += t.points;
  EXPECT_DOUBLE_EQ(total, 10);
  EXPECT_DOUBLE_EQ(p.tests.back().points, 1.0);  // (10 - 6) / 4 ungrouped
}

TEST_F(ProblemFolder, GroupsMayNotTakeMoreThanTheProblem) {
  put("data/secret/big/testdata.yaml", "points: 40\n");
  put("data/secret/big/01.in", "[5, 5]", "10");
  EXPECT_NE(all(load_problem(dir_).issues).find("exceed"), std::string::npos);
}

TEST_F(ProblemFolder, SamplesCannotBeGenerated) {
  put("data/sample/03.gen.py", "print('[1, 1]')\n");
  put("data/sample/03.ans", "2");
  EXPECT_NE(all(load_problem(dir_).issues).find("cannot be generated"), std::string::npos);
}

}  // namespace
}  // namespace grading
