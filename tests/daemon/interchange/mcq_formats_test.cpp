#include "interchange/mcq_formats.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;
using grading::McqQuestion;
using grading::McqSet;

std::vector<McqSet> whole_bank() {
  std::vector<McqSet> sets;
  for (const auto& entry : fs::directory_iterator(fs::path(PROCTOR_PROBLEMS_DIR) / "mcq")) {
    auto loaded = grading::load_mcq_set(entry.path());
    EXPECT_TRUE(loaded.set.has_value()) << entry.path();
    if (loaded.set) sets.push_back(*loaded.set);
  }
  return sets;
}

void expect_same_question(const McqQuestion& want, const McqQuestion& got) {
  SCOPED_TRACE(want.id);
  EXPECT_EQ(want.id, got.id);
  EXPECT_EQ(want.guide_question, got.guide_question);
  EXPECT_EQ(want.difficulty, got.difficulty);
  EXPECT_EQ(want.tags, got.tags);
  EXPECT_EQ(want.question, got.question);
  EXPECT_EQ(want.snippet, got.snippet);
  EXPECT_EQ(want.explanation, got.explanation);
  ASSERT_EQ(want.options.size(), got.options.size());
  for (std::size_t i = 0; i < want.options.size(); ++i) {
    EXPECT_EQ(want.options[i].text, got.options[i].text);
    EXPECT_EQ(want.options[i].correct, got.options[i].correct);
  }
}

bool mentions(const std::vector<std::string>& losses, const std::string& part) {
  return std::any_of(losses.begin(), losses.end(),
                     [&](const std::string& loss) { return loss.find(part) != std::string::npos; });
}

TEST(Gift, TheWholeBankMakesTheRoundTripIntact) {
  std::size_t questions = 0;
  for (const McqSet& set : whole_bank()) {
    const interchange::Exported gift = interchange::to_gift(set);
    EXPECT_TRUE(gift.losses.empty()) << set.id;
    const interchange::Imported back = interchange::from_gift(gift.text, set.id, set.title);
    EXPECT_TRUE(back.losses.empty()) << set.id << ": " << back.losses.front();
    ASSERT_EQ(set.questions.size(), back.set.questions.size()) << set.id;
    for (std::size_t i = 0; i < set.questions.size(); ++i) {
      expect_same_question(set.questions[i], back.set.questions[i]);
    }
    questions += set.questions.size();
  }
  EXPECT_GT(questions, 200U);
}

TEST(Gift, EscapesEverySpecialCharacter) {
  McqSet set{"s", "S", {}, {}};
  McqQuestion q;
  q.id = "specials";
  q.difficulty = "hard";
  q.tags = {"x"};
  q.question = "Which is {a: 1} ~ = # \\n literally?\n\nTwo paragraphs.\n";
  q.options = {{"`d = {}`", true}, {"a::b", false}, {"#~=", false}};
  q.explanation = "Braces {} and colons: all escaped.\\";
  set.questions = {q};
  const auto back = interchange::from_gift(interchange::to_gift(set).text, "s", "S");
  ASSERT_EQ(back.set.questions.size(), 1U);
  expect_same_question(q, back.set.questions[0]);
}

// Found by tests/fuzz/gift_fuzz: a weighted option's text was trimmed after
// its escapes were undone, so a multiple-answer option ending in a line
// break (a YAML block scalar's) lost it on the way back.
TEST(Gift, AWeightedOptionKeepsItsEscapedLineBreaks) {
  McqSet set{"s", "S", {}, {}};
  McqQuestion q;
  q.id = "multi";
  q.difficulty = "easy";
  q.tags = {"x"};
  q.question = "Which lines?";
  q.options = {{"a\nb\n", true}, {"c\n", true}, {"d", false}};
  q.explanation = "e";
  set.questions = {q};
  const auto back = interchange::from_gift(interchange::to_gift(set).text, "s", "S");
  ASSERT_EQ(back.set.questions.size(), 1U);
  expect_same_question(q, back.set.questions[0]);
}

// Found by tests/fuzz/gift_fuzz: an id cut to 60 characters could end in
// a dash, and the same title made a shorter id after a round trip.
TEST(Gift, ALongTitleMakesAnIdThatNeverEndsInADash) {
  const std::string title = std::string(59, 'a') + " bcd";
  const auto imported =
      interchange::from_gift("::" + title + ":: Pick one. {=x ~y ~z}\n", "s", "S");
  ASSERT_EQ(imported.set.questions.size(), 1U);
  EXPECT_EQ(imported.set.questions[0].id, std::string(59, 'a'));
}

// Found by tests/fuzz/gift_fuzz (tests/fuzz/gift/corpus/
// regress-escaped-space-at-an-option-edge.gift): every backslash pair was
// undone, so `\ ` (not a GIFT escape) made an option start with a space,
// which the export wrote bare and the next import trimmed away. GIFT
// escapes only \\ \~ \= \# \{ \} \: and \n; any other backslash is text,
// as Moodle reads it.
TEST(Gift, OnlyGiftEscapesAreUndoneSoImportedOptionsSurviveARoundTrip) {
  const std::string gift =
      "::Esc:: Which? {\n"
      "  =\\ x\n"
      "  ~\\\tz\n"
      "  ~\\\\\\n\\=\\q\n"
      "  #### it\\:s \\ this\n"
      "}\n";
  const auto first = interchange::from_gift(gift, "s", "S");
  ASSERT_EQ(first.set.questions.size(), 1U);
  const McqQuestion& q = first.set.questions[0];
  ASSERT_EQ(q.options.size(), 3U);
  EXPECT_EQ(q.options[0].text, "\\ x");
  EXPECT_EQ(q.options[1].text, "\\\tz");
  EXPECT_EQ(q.options[2].text, "\\\n=\\q");
  EXPECT_EQ(q.explanation, "it:s \\ this");

  McqSet several = first.set;
  several.questions[0].options[1].correct = true;  // written as `~%50%`
  for (const McqSet& want : {first.set, several}) {
    const interchange::Exported exported = interchange::to_gift(want);
    const auto back = interchange::from_gift(exported.text, "s", "S");
    ASSERT_EQ(back.set.questions.size(), 1U) << exported.text;
    expect_same_question(want.questions[0], back.set.questions[0]);
  }
}

// Found by tests/fuzz/gift_fuzz (regress-missing-word-gap-first.gift): a
// gap with no text before it was shown as " _____ ...", and the space was
// trimmed away when the export came back.
TEST(Gift, AMissingWordGapWithNothingBeforeItTakesNoSpace) {
  const auto first = interchange::from_gift("::gap:: {=a ~b ~c} comes first.\n", "s", "S");
  ASSERT_EQ(first.set.questions.size(), 1U);
  EXPECT_EQ(first.set.questions[0].question, "_____ comes first.");
  const auto back = interchange::from_gift(interchange::to_gift(first.set).text, "s", "S");
  ASSERT_EQ(back.set.questions.size(), 1U);
  expect_same_question(first.set.questions[0], back.set.questions[0]);
}

// A round trip tests/fuzz/gift_fuzz checks (regress-option-text-starts-
// like-a-weight.gift): anything between two `%` at an option's start was
// taken as a weight, so
// `%d%s` lost its start, and an option starting `%5%` lost it on the way
// back when it was written after a plain `=` or `~`.
TEST(Gift, AnOptionThatStartsLikeAWeightKeepsItsText) {
  const auto foreign = interchange::from_gift("::w:: Which? {=%d%s ~%0%%5%x ~z}\n", "s", "S");
  ASSERT_EQ(foreign.set.questions.size(), 1U);
  EXPECT_EQ(foreign.set.questions[0].options[0].text, "%d%s");
  EXPECT_TRUE(foreign.set.questions[0].options[0].correct);
  EXPECT_EQ(foreign.set.questions[0].options[1].text, "%5%x");
  EXPECT_FALSE(foreign.set.questions[0].options[1].correct);

  McqSet set{"s", "S", {}, {}};
  McqQuestion q;
  q.id = "percent";
  q.difficulty = "easy";
  q.tags = {"strings"};
  q.question = "Which format string?";
  q.options = {{"%5%d", true}, {"%-1.5%", false}, {"%d%s", false}, {"x", false}};
  q.explanation = "e";
  McqQuestion several = q;
  several.id = "percent-several";
  several.options[1].correct = true;
  set.questions = {q, several};
  const interchange::Exported gift = interchange::to_gift(set);
  const auto back = interchange::from_gift(gift.text, "s", "S");
  EXPECT_TRUE(back.losses.empty()) << back.losses.front();
  ASSERT_EQ(back.set.questions.size(), 2U) << gift.text;
  expect_same_question(q, back.set.questions[0]);
  expect_same_question(several, back.set.questions[1]);
}

// A `->` in an option or the explanation (a Python annotation) made the
// exported question read as a matching one, which the import left out.
// Moodle takes any question with a `~` as multiple choice; so do we.
TEST(Gift, AnArrowInAnOptionOrTheExplanationStaysMultipleChoice) {
  McqSet set{"s", "S", {}, {}};
  McqQuestion q;
  q.id = "annotation";
  q.difficulty = "medium";
  q.tags = {"typing"};
  q.question = "Which annotates the return type?";
  q.options = {{"def f() -> int:", true}, {"def f(): -> int", false}, {"def f() => int:", false}};
  q.explanation = "`->` follows the parameters.";
  set.questions = {q};
  const interchange::Exported gift = interchange::to_gift(set);
  const auto back = interchange::from_gift(gift.text, "s", "S");
  EXPECT_TRUE(back.losses.empty()) << back.losses.front();
  ASSERT_EQ(back.set.questions.size(), 1U) << gift.text;
  expect_same_question(q, back.set.questions[0]);
}

// tests/fuzz/gift_fuzz's no-throw property (regress-metadata-of-another-
// type.gift): a `// proctor:` field of another type than ours threw
// nlohmann::json's type_error out of from_gift.
TEST(Gift, AMetadataFieldOfAnotherTypeIsReportedNotThrown) {
  const std::string gift =
      "// proctor: {\"id\":5,\"difficulty\":3,\"tags\":[\"a\",1],\"snippet\":\"yes\"}\n"
      "::Typed:: Which? {=x ~y ~z ####e}\n";
  interchange::Imported imported;
  ASSERT_NO_THROW(imported = interchange::from_gift(gift, "s", "S"));
  ASSERT_EQ(imported.set.questions.size(), 1U);
  const McqQuestion& q = imported.set.questions[0];
  EXPECT_EQ(q.id, "typed");
  EXPECT_EQ(q.difficulty, "medium");
  EXPECT_EQ(q.tags, std::vector<std::string>{"a"});
  EXPECT_FALSE(q.snippet.has_value());
  for (const char* key : {"\"id\"", "\"difficulty\"", "\"tags\"", "\"snippet\""}) {
    EXPECT_TRUE(mentions(imported.losses, std::string("'typed': its `// proctor:` comment's ") +
                                              key + " is not of the type"))
        << key;
  }
}

TEST(Gift, ForeignQuestionsAreTakenOrReportedNeverDroppedSilently) {
  const std::string moodle = R"(// a comment
$CATEGORY: $course$/Python

::Lists::Which of these are mutable? {
  ~%50%list
  ~%50%dict
  ~%-100%tuple # tuples cannot change
  ~%-100%str
  #### Lists and dicts change in place.
}

::Loop::What does `range(3)` yield? {=0, 1, 2 ~1, 2, 3 ~0, 1, 2, 3}

Python was created by {=Guido van Rossum ~Linus Torvalds ~Bjarne Stroustrup} in 1991.

::TF:: Python is dynamically typed. {T}

::Short:: Name the keyword for a generator. {=yield =yield from}

::Match:: Match the types. { =list -> mutable =tuple -> immutable }

::Num:: What is 2**10? {#1024}

::Essay:: Explain the GIL. {}

::Partial:: Pick the best. {~%50%half ~%100%full ~nothing}
)";
  const auto imported = interchange::from_gift(moodle, "moodle", "From Moodle");
  ASSERT_EQ(imported.set.questions.size(), 4U);
  const McqQuestion& lists = imported.set.questions[0];
  EXPECT_EQ(lists.id, "lists");
  EXPECT_TRUE(lists.multiple());
  EXPECT_EQ(lists.options[2].text, "tuple");
  EXPECT_FALSE(lists.options[2].correct);
  EXPECT_NE(lists.explanation.find("Lists and dicts change in place."), std::string::npos);
  EXPECT_NE(lists.explanation.find("tuples cannot change"), std::string::npos);
  EXPECT_EQ(imported.set.questions[1].options[0].text, "0, 1, 2");
  EXPECT_TRUE(imported.set.questions[1].options[0].correct);
  EXPECT_EQ(imported.set.questions[2].question, "Python was created by _____ in 1991.");
  const auto& losses = imported.losses;
  EXPECT_TRUE(mentions(losses, "'lists': per-option feedback"));
  EXPECT_TRUE(mentions(losses, "missing-word"));
  EXPECT_TRUE(mentions(losses, "('TF'): a true/false question"));
  EXPECT_TRUE(mentions(losses, "('Short'): a short-answer question"));
  EXPECT_TRUE(mentions(losses, "('Match'): a matching question"));
  EXPECT_TRUE(mentions(losses, "('Num'): a numerical question"));
  EXPECT_TRUE(mentions(losses, "('Essay'): an essay question"));
  EXPECT_TRUE(mentions(losses, "'partial': partial-credit weights"));
  EXPECT_TRUE(mentions(losses, "'loop': no explanation"));
  EXPECT_TRUE(mentions(losses, "GIFT has no difficulty or tags"));
}

TEST(Aiken, ExportsWhatItCanHoldAndReportsTheRest) {
  std::size_t exported_questions = 0;
  for (const McqSet& set : whole_bank()) {
    const interchange::Exported aiken = interchange::to_aiken(set);
    const auto back = interchange::from_aiken(aiken.text, set.id, set.title);
    std::size_t single_line = 0;
    for (const McqQuestion& q : set.questions) {
      if (q.multiple()) {
        EXPECT_TRUE(mentions(aiken.losses, "'" + q.id + "': several correct"));
      }
      if (q.snippet) {
        EXPECT_TRUE(mentions(aiken.losses, "'" + q.id + "': its code snippet"));
      }
      if (!q.multiple() && !q.snippet) ++single_line;
    }
    ASSERT_EQ(back.set.questions.size(), single_line) << set.id;
    exported_questions += single_line;
    std::size_t at = 0;
    for (const McqQuestion& q : set.questions) {
      if (q.multiple() || q.snippet) continue;
      const McqQuestion& got = back.set.questions[at++];
      ASSERT_EQ(q.options.size(), got.options.size());
      for (std::size_t i = 0; i < q.options.size(); ++i) {
        EXPECT_EQ(q.options[i].correct, got.options[i].correct) << q.id;
      }
    }
    EXPECT_TRUE(mentions(aiken.losses, "Aiken has no explanation"));
  }
  EXPECT_GT(exported_questions, 50U);
}

TEST(Aiken, BrokenQuestionsAreReportedWithTheirLine) {
  const std::string text =
      "What is 1 + 1?\nA. 1\nB. 2\nC. 3\nANSWER: B\n\n"
      "Which is a list?\nA) []\nB) ()\nANSWER: D\n\n"
      "No answer here?\nA. yes\nB. no\n";
  const auto imported = interchange::from_aiken(text, "a", "A");
  ASSERT_EQ(imported.set.questions.size(), 1U);
  EXPECT_EQ(imported.set.questions[0].question, "What is 1 + 1?");
  EXPECT_TRUE(imported.set.questions[0].options[1].correct);
  EXPECT_TRUE(mentions(imported.losses, "line 10: ANSWER D names no option"));
  EXPECT_TRUE(mentions(imported.losses, "line 12: a question without ANSWER"));
}

TEST(McqYaml, WritesWhatTheLoaderReadsBackExactly) {
  const fs::path folder = fs::temp_directory_path() / ("mcq-yaml-" + std::to_string(::getpid()));
  fs::create_directories(folder);
  for (const McqSet& set : whole_bank()) {
    const fs::path file = folder / (set.id + ".yaml");
    std::ofstream(file) << interchange::to_mcq_yaml(set);
    const auto back = grading::load_mcq_set(file);
    ASSERT_TRUE(back.set.has_value()) << set.id << ": " << back.issues.front().message;
    EXPECT_EQ(back.set->title, set.title);
    ASSERT_EQ(back.set->questions.size(), set.questions.size());
    for (std::size_t i = 0; i < set.questions.size(); ++i) {
      expect_same_question(set.questions[i], back.set->questions[i]);
    }
  }
  fs::remove_all(folder);
}

}  // namespace
