// The grader end to end with the real sandbox (through a Pool), and its
// pure parts: judging a run and scoring groups.
#include "grading/grader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace grading {
namespace {

namespace fs = std::filesystem;

class GraderRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pool_ = new pysandbox::Pool(2);
    cache_ = make_temp_dir("grader-test");
    inputs_ = new GeneratedInputs(cache_);
  }
  static void TearDownTestSuite() {
    delete inputs_;
    delete pool_;
    fs::remove_all(cache_);
  }
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "the sandbox needs root";
  }

  // A problem whose tests are written to the cache folder.
  static Problem problem(ProblemKind kind,
                         const std::vector<std::pair<std::string, std::string>>& tests,
                         const std::string& entry = "solve") {
    Problem p;
    p.slug = "p";
    p.kind = kind;
    p.entry = entry;
    p.points = static_cast<double>(tests.size());
    p.time_limit_s = 1;
    p.memory_mb = 128;
    static int counter = 0;
    const fs::path dir = cache_ / ("t" + std::to_string(counter++));
    fs::create_directories(dir);
    for (std::size_t i = 0; i < tests.size(); ++i) {
      TestCase t;
      t.name = "secret/" + std::to_string(i);
      t.input = dir / (std::to_string(i) + ".in");
      t.answer = dir / (std::to_string(i) + ".ans");
      t.points = 1;
      std::ofstream(t.input) << tests[i].first;
      std::ofstream(t.answer) << tests[i].second;
      p.tests.push_back(t);
    }
    return p;
  }

  static GradeReport grade(const Problem& p, const std::string& solution) {
    Grader grader(*pool_, *inputs_);
    GradeReport report;
    grader.grade(p, solution, [&](GradeReport done) { report = std::move(done); });
    pool_->run_until_idle();
    return report;
  }

  static pysandbox::Pool* pool_;
  static GeneratedInputs* inputs_;
  static fs::path cache_;
};

pysandbox::Pool* GraderRun::pool_ = nullptr;
GeneratedInputs* GraderRun::inputs_ = nullptr;
fs::path GraderRun::cache_;

TEST_F(GraderRun, StdioSolutionIsComparedByTokens) {
  const Problem p = problem(ProblemKind::Stdio, {{"2 3\n", "5\n"}, {"10 -4\n", "6\n"}});
  const GradeReport right = grade(p, "a, b = map(int, input().split())\nprint(a + b)\n");
  EXPECT_EQ(right.score, 2);
  EXPECT_EQ(right.tests[0].verdict, "ACCEPTED");
  const GradeReport wrong = grade(p, "a, b = map(int, input().split())\nprint(a * b)\n");
  EXPECT_EQ(wrong.score, 0);
  EXPECT_EQ(wrong.tests[0].verdict, "WRONG_ANSWER");
  EXPECT_EQ(wrong.tests[0].detail, "token 1: expected '5', got '6'");
}

TEST_F(GraderRun, TheHarnessIgnoresWhatTheSolutionPrints) {
  const Problem p = problem(ProblemKind::Function, {{"[2, 3]", "5"}});
  const GradeReport report =
      grade(p, "print('5')\ndef solve(a, b):\n    print('noise', a, b)\n    return a + b\n");
  EXPECT_EQ(report.tests[0].verdict, "ACCEPTED") << report.tests[0].detail;
  EXPECT_NE(report.tests[0].error.find("noise 2 3"), std::string::npos);
}

TEST_F(GraderRun, ARaisingSolutionIsARuntimeErrorUnlessTheTestExpectsIt) {
  const Problem p =
      problem(ProblemKind::Function, {{"[1, 0]", "1"}, {"[-1, 0]", R"({"raises": "ValueError"})"}});
  const GradeReport report =
      grade(p, "def solve(a, b):\n    if a < 0: raise ValueError('negative')\n    return a // b\n");
  EXPECT_EQ(report.tests[0].verdict, "RUNTIME_ERROR");
  EXPECT_EQ(report.tests[0].detail, "raised ZeroDivisionError: integer division or modulo by zero");
  EXPECT_NE(report.tests[0].error.find("Traceback"), std::string::npos);
  EXPECT_EQ(report.tests[1].verdict, "ACCEPTED");
  const GradeReport silent = grade(p, "def solve(a, b):\n    return 1\n");
  EXPECT_EQ(silent.tests[1].verdict, "WRONG_ANSWER");
}

TEST_F(GraderRun, ASolutionThatNeverReturnsTimesOut) {
  const Problem p = problem(ProblemKind::Function, {{"[1, 2]", "3"}});
  const GradeReport report = grade(p, "def solve(a, b):\n    while True: pass\n");
  EXPECT_EQ(report.tests[0].verdict, "TIME_LIMIT");
}

TEST_F(GraderRun, TamperingWithTheHarnessNeverEarnsAPass) {
  const Problem p = problem(ProblemKind::Function, {{"[2, 3]", "5"}});
  // Forged reports without the nonce, a patched json.dumps and a patched
  // os.write: the answer still comes from the returned value, or from
  // nowhere, and 4 is wrong.
  const char* attempts[] = {
      "import os\nos.write(1, b'{\"status\":\"ok\",\"value\":5}\\n')\n"
      "def solve(a, b):\n    return 4\n",
      "import json\njson.dumps = lambda *a, **k: '{\"status\":\"ok\",\"value\":5}'\n"
      "def solve(a, b):\n    return 4\n",
      "import os\n_w = os.write\nos.write = lambda fd, b: _w(fd, b.replace(b'4', b'5'))\n"
      "def solve(a, b):\n    return 4\n",
      "import sys\ndef solve(a, b):\n    sys.stdout.write('{\"status\":\"ok\",\"value\":5}\\n')\n"
      "    return 4\n",
  };
  for (const char* solution : attempts) {
    const GradeReport report = grade(p, solution);
    EXPECT_NE(report.tests[0].verdict, "ACCEPTED") << solution;
  }
}

TEST_F(GraderRun, AMissingFunctionIsNamed) {
  const Problem p = problem(ProblemKind::Function, {{"[2, 3]", "5"}});
  const GradeReport report = grade(p, "def other(a, b):\n    return a + b\n");
  EXPECT_EQ(report.tests[0].verdict, "RUNTIME_ERROR");
  EXPECT_EQ(report.tests[0].detail, "solve is not defined");
}

TEST_F(GraderRun, ClassProblemsRecordEachCall) {
  const Problem p = problem(
      ProblemKind::Class,
      {{R"([["__init__", []], ["push", [1]], ["push", [2]], ["pop", []], ["pop", []], ["pop", []]])",
        R"([null, null, null, 2, 1, {"raises": "IndexError"}])"}},
      "Stack");
  const GradeReport good = grade(p,
                                 "class Stack:\n    def __init__(self): self.items = []\n"
                                 "    def push(self, x): self.items.append(x)\n"
                                 "    def pop(self): return self.items.pop()\n");
  EXPECT_EQ(good.tests[0].verdict, "ACCEPTED") << good.tests[0].detail;
  const GradeReport bad =
      grade(p,
            "class Stack:\n    def __init__(self): self.items = []\n"
            "    def push(self, x): self.items.append(x)\n"
            "    def pop(self): return self.items.pop(0) if self.items else None\n");
  EXPECT_EQ(bad.tests[0].verdict, "WRONG_ANSWER");
  EXPECT_EQ(bad.tests[0].detail, "at [3]: expected 2, got 1");
}

TEST_F(GraderRun, GeneratorsRunInTheSandboxAndAreCached) {
  Problem p = problem(ProblemKind::Stdio, {{"", "5000050000\n"}});
  const fs::path generator = cache_ / "big.gen.py";
  std::ofstream(generator) << "print('\\n'.join(str(i) for i in range(1, 100001)))\n";
  p.tests[0].input.clear();
  p.tests[0].generator = generator;
  const GradeReport report = grade(p, "import sys\nprint(sum(int(l) for l in sys.stdin))\n");
  EXPECT_EQ(report.tests[0].verdict, "ACCEPTED") << report.tests[0].detail;
}

TEST(Judge, SandboxVerdictsPassThroughAndOurFailureStaysOurs) {
  Problem p;
  p.kind = ProblemKind::Stdio;
  TestCase t;
  t.name = "secret/1";
  pysandbox::RunResult run;
  run.verdict = pysandbox::Verdict::MemoryLimit;
  run.detail = "killed at the memory limit";
  EXPECT_EQ(judge(p, t, run, "1", "").verdict, "MEMORY_LIMIT");
  run.verdict = pysandbox::Verdict::InternalError;
  EXPECT_EQ(judge(p, t, run, "1", "").verdict, "INTERNAL_ERROR");
}

TEST(Judge, AFunctionReportIsFoundByItsNonce) {
  Problem p;
  p.kind = ProblemKind::Function;
  TestCase t;
  pysandbox::RunResult run;
  run.verdict = pysandbox::Verdict::Ok;
  run.stdout_data = "N1{\"status\":\"ok\",\"value\":9}\nN0{\"status\":\"ok\",\"value\":5}\n";
  EXPECT_EQ(judge(p, t, run, "5", "N0").verdict, "ACCEPTED");
  EXPECT_EQ(judge(p, t, run, "5", "N2").verdict, "RUNTIME_ERROR");
  run.stdout_data = "N0{\"status\":\"raised\",\"error\":\"MemoryError\",\"message\":\"\"}\n";
  EXPECT_EQ(judge(p, t, run, "5", "N0").verdict, "MEMORY_LIMIT");
}

TEST(Score, RequireAllGroupsCountOnlyWhole) {
  Problem p;
  p.points = 10;
  p.groups = {{"big", 6, true}, {"some", 2, false}};
  const auto test = [](int group, double points, bool sample = false) {
    TestCase t;
    t.group = group;
    t.points = points;
    t.sample = sample;
    return t;
  };
  p.tests = {test(-1, 0, true), test(-1, 2), test(0, 3), test(0, 3), test(1, 1), test(1, 1)};
  std::vector<TestResult> results(6);
  for (auto& r : results) r.verdict = "ACCEPTED";
  EXPECT_DOUBLE_EQ(score(p, results), 10);
  results[3].verdict = "TIME_LIMIT";
  results[5].verdict = "WRONG_ANSWER";
  EXPECT_DOUBLE_EQ(score(p, results), 3);  // 2 ungrouped + 1 of "some"; "big" counts nothing
  EXPECT_DOUBLE_EQ(results[2].points, 0);
  results[0].verdict = "WRONG_ANSWER";  // samples never count
  EXPECT_DOUBLE_EQ(score(p, results), 3);
}

}  // namespace
}  // namespace grading
