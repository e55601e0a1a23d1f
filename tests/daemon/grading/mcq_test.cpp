#include "grading/mcq.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "grading/grader.hpp"

namespace grading {
namespace {

namespace fs = std::filesystem;

class McqFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("mcq-test");
    path_ = dir_ / "set.yaml";
  }
  void TearDown() override { fs::remove_all(dir_); }
  LoadedMcqSet load(const std::string& text) {
    std::ofstream(path_) << text;
    return load_mcq_set(path_);
  }
  fs::path dir_, path_;
};

constexpr const char* kGoodSet = R"(set: basics
title: Basics
questions:
  - id: q1
    guide_question: 7
    difficulty: easy
    tags: [dict]
    question: What keeps insertion order?
    options:
      - text: dict
        correct: true
      - text: set
      - text: frozenset
    explanation: Since 3.7.
  - id: q2
    difficulty: medium
    tags: [print]
    question: What does this print?
    snippet: |
      print(1 + 1)
    options:
      - text: "2"
        correct: true
      - text: "11"
      - text: "1 + 1"
    explanation: Addition.
)";

TEST_F(McqFile, AValidSetLoads) {
  const LoadedMcqSet loaded = load(kGoodSet);
  ASSERT_TRUE(loaded.set);
  EXPECT_EQ(loaded.set->id, "basics");
  ASSERT_EQ(loaded.set->questions.size(), 2u);
  EXPECT_EQ(loaded.set->questions[0].guide_question, "7");
  EXPECT_FALSE(loaded.set->questions[0].multiple());
  EXPECT_EQ(*loaded.set->questions[1].snippet, "print(1 + 1)\n");
  EXPECT_EQ(loaded.set->questions[1].line, 15);
}

TEST_F(McqFile, MistakesAreReportedWithLines) {
  std::string text = kGoodSet;
  text.replace(text.find("id: q2"), 6, "id: q1");                // duplicate id
  text.replace(text.find("      - text: frozenset\n"), 24, "");  // only two options
  const LoadedMcqSet loaded = load(text);
  EXPECT_FALSE(loaded.set);
  std::string all;
  for (const Issue& issue : loaded.issues) all += describe(issue) + "\n";
  EXPECT_NE(all.find("duplicate id 'q1'"), std::string::npos) << all;
  EXPECT_NE(all.find("has 2 options; 3 to 5 are allowed"), std::string::npos) << all;
}

TEST_F(McqFile, NoCorrectOptionAndBadYaml) {
  std::string text = kGoodSet;
  text.replace(text.find("        correct: true\n"), 22, "");
  EXPECT_FALSE(load(text).set);
  const LoadedMcqSet broken = load("set: x\ntitle: y\nquestions: [\n");
  ASSERT_FALSE(broken.issues.empty());
  EXPECT_GT(broken.issues[0].line, 0);
}

TEST(NormaliseOutput, TrailingSpaceAndBlankLines) {
  EXPECT_EQ(normalise_output("a  \nb\t\n\n\n"), "a\nb");
  EXPECT_EQ(normalise_output("  a"), "  a");
  EXPECT_EQ(normalise_output(""), "");
}

}  // namespace
}  // namespace grading
