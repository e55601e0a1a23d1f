#include "grading/validate.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "grading/grader.hpp"

namespace grading {
namespace {

namespace fs = std::filesystem;

// A small bank in a temporary folder: one sound problem, one with a broken
// key and a wrong answer that passes, one MCQ set with a wrong key.
class SmallBank : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "the sandbox needs root";
    root_ = make_temp_dir("bank-test");
    make_problem("sound", "5");
    make_problem("broken", "6");  // the key is wrong: 2 + 3 is not 6
    put("mcq/set.yaml", R"(set: s
title: S
questions:
  - id: prints
    difficulty: easy
    tags: [x]
    question: What does it print?
    snippet: print(2 ** 3)
    options:
      - text: "6"
        correct: true
      - text: "8"
      - text: "9"
    explanation: Powers.
)");
  }
  void TearDown() override { fs::remove_all(root_); }

  void put(const std::string& relative, const std::string& text) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << text;
  }

  void make_problem(const std::string& slug, const std::string& answer) {
    const std::string d = "coding/" + slug + "/";
    put(d + "problem.yaml",
        "name: Add\nkind: function\nentry: add\npoints: 2\ndifficulty: easy\ntags: [m]\n");
    put(d + "statement.md", "Add.\n");
    put(d + "starter.py", "def add(a, b):\n    pass\n");
    put(d + "data/sample/1.in", "[1, 1]");
    put(d + "data/sample/1.ans", "2");
    put(d + "data/secret/1.in", "[2, 3]");
    put(d + "data/secret/1.ans", answer);
    put(d + "data/secret/2.in", "[0, 0]");
    put(d + "data/secret/2.ans", "0");
    put(d + "submissions/accepted/ok.py", "def add(a, b):\n    return a + b\n");
    put(d + "submissions/wrong_answer/times.py", "def add(a, b):\n    return a * b\n");
    put(d + "submissions/wrong_answer/first.py",
        "def add(a, b):\n    return a + b if b != 3 else 6\n");
  }

  fs::path root_;
};

TEST_F(SmallBank, ReportsEachFaultPrecisely) {
  pysandbox::Pool pool(2);
  Policy policy = upload_policy();
  std::ostringstream out;
  const Summary summary = validate(root_, pool, out, policy);
  const std::string text = out.str();
  EXPECT_FALSE(summary.ok());
  EXPECT_EQ(summary.problems, 2u);
  EXPECT_EQ(summary.problems_failed, 1u) << text;
  EXPECT_EQ(summary.mcq_sets_failed, 1u) << text;
  EXPECT_EQ(summary.snippets, 1u);
  EXPECT_NE(text.find("OK    " + (root_ / "coding/sound").string()), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL  " + (root_ / "coding/broken").string()), std::string::npos) << text;
  EXPECT_NE(text.find("accepted ok.py fails secret/1: WRONG_ANSWER (expected 6, got 5)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("wrong answer first.py passes every secret test"), std::string::npos) << text;
  EXPECT_NE(text.find("the key says it prints '6' but it prints '8'"), std::string::npos) << text;
  EXPECT_NE(text.find("a wrong option '8' is exactly what it prints"), std::string::npos) << text;
  EXPECT_NE(text.find("runs/s"), std::string::npos);
}

TEST_F(SmallBank, TheBankPolicyWantsMoreThanAnUpload) {
  pysandbox::Pool pool(1);
  std::ostringstream out;
  const Summary summary = validate(root_ / "coding/sound", pool, out, Policy{});
  EXPECT_FALSE(summary.ok());
  EXPECT_NE(out.str().find("needs at least 2 sample tests, has 1"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("needs at least 10 secret tests, has 2"), std::string::npos)
      << out.str();
}

TEST_F(SmallBank, ReportsTheMarginAndFailsASolutionTooCloseToTheLimit) {
  pysandbox::Pool pool(2);
  std::ostringstream out;
  EXPECT_TRUE(validate(root_ / "coding/sound", pool, out, upload_policy()).ok()) << out.str();
  EXPECT_NE(out.str().find(", slowest accepted "), std::string::npos) << out.str();
  EXPECT_NE(out.str().find(" of 2000 ms CPU on "), std::string::npos) << out.str();

  // Burns 300 ms of CPU per call: inside the 500 ms limit, but past half of it.
  make_problem("slow", "5");
  put("coding/slow/problem.yaml",
      "name: Add\nkind: function\nentry: add\npoints: 2\ndifficulty: easy\ntags: [m]\n"
      "limits:\n  time_limit: 0.5\n");
  put("coding/slow/submissions/accepted/ok.py",
      "import time\n\ndef add(a, b):\n    start = time.process_time()\n"
      "    while time.process_time() - start < 0.3:\n        pass\n    return a + b\n");
  std::ostringstream slow;
  EXPECT_FALSE(validate(root_ / "coding/slow", pool, slow, upload_policy()).ok());
  EXPECT_NE(slow.str().find("(the faster of two runs); the time limit must leave 2.0x room"),
            std::string::npos)
      << slow.str();
  EXPECT_EQ(slow.str().find("slowest accepted"), std::string::npos) << slow.str();
}

TEST_F(SmallBank, NotABank) {
  pysandbox::Pool pool(1);
  std::ostringstream out;
  EXPECT_FALSE(validate(root_ / "nowhere", pool, out).ok());
}

}  // namespace
}  // namespace grading
