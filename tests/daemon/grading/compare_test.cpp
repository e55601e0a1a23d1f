#include "grading/compare.hpp"

#include <gtest/gtest.h>

namespace grading {
namespace {

OutputRules rules() {
  return OutputRules{};
}

TEST(CompareTokens, WhitespaceAmountAndCaseDoNotMatterByDefault) {
  EXPECT_TRUE(compare_tokens("1  2\n3\n", "1 2 3", rules()).accepted);
  EXPECT_TRUE(compare_tokens("YES\n", "yes\n", rules()).accepted);
  EXPECT_TRUE(compare_tokens("", "\n", rules()).accepted);
}

TEST(CompareTokens, ATokenDifferenceIsNamed) {
  const Verdict v = compare_tokens("1 2 4\n", "1 2 3\n", rules());
  EXPECT_FALSE(v.accepted);
  EXPECT_EQ(v.why, "token 3: expected '3', got '4'");
  EXPECT_EQ(compare_tokens("1 2\n", "1 2 3\n", rules()).why, "expected 3 tokens, got 2");
  EXPECT_FALSE(compare_tokens("1 2 3 4\n", "1 2 3\n", rules()).accepted);
}

TEST(CompareTokens, CaseSensitiveFlag) {
  OutputRules r;
  r.case_sensitive = true;
  EXPECT_FALSE(compare_tokens("Yes", "yes", r).accepted);
}

TEST(CompareTokens, SpaceChangeSensitiveForgivesOnlyTheFinalNewline) {
  OutputRules r;
  r.space_change_sensitive = true;
  EXPECT_TRUE(compare_tokens("* *\n* * *", "* *\n* * *\n", r).accepted);
  EXPECT_FALSE(compare_tokens("*  *\n", "* *\n", r).accepted);
  EXPECT_FALSE(compare_tokens("* * \n", "* *\n", r).accepted);
  EXPECT_FALSE(compare_tokens(" *\n", "*\n", r).accepted);
}

TEST(CompareTokens, FloatTolerance) {
  OutputRules r;
  r.absolute_tolerance = r.relative_tolerance = 1e-6;
  EXPECT_TRUE(compare_tokens("0.3333333", "0.333333333", r).accepted);
  EXPECT_TRUE(compare_tokens("1000000.5", "1000000.4", r).accepted);  // relative
  OutputRules absolute;
  absolute.absolute_tolerance = 1e-6;
  EXPECT_FALSE(compare_tokens("1000000.5", "1000000.4", absolute).accepted);
  EXPECT_TRUE(compare_tokens("1e9", "1000000000.0005", r).accepted);
  EXPECT_FALSE(compare_tokens("0.34", "0.33", r).accepted);
  EXPECT_FALSE(compare_tokens("nan", "0.33", r).accepted);
  // Without a tolerance, numbers are text.
  EXPECT_FALSE(compare_tokens("1.0", "1", rules()).accepted);
}

TEST(ParseJson, KeepsHugeIntegersExact) {
  const std::string big(3000, '7');
  const JsonValue v = parse_json("[" + big + ", -0, 1.5e3, \"x\"]");
  ASSERT_EQ(v.items.size(), 4u);
  EXPECT_EQ(v.items[0].type, JsonValue::Type::Integer);
  EXPECT_EQ(v.items[0].text, big);
  EXPECT_EQ(v.items[1].text, "0");
  EXPECT_EQ(v.items[2].type, JsonValue::Type::Float);
  EXPECT_DOUBLE_EQ(v.items[2].number, 1500);
}

TEST(ParseJson, StringsAndEscapes) {
  const JsonValue v = parse_json(R"({"b": "caf\u00e9 \ud83d\ude00 \n", "a": [true, false, null]})");
  ASSERT_EQ(v.keys.size(), 2u);
  EXPECT_EQ(v.keys[0], "a");  // sorted
  EXPECT_EQ(v.items[1].text, "café 😀 \n");
  ASSERT_NE(v.find("b"), nullptr);
  EXPECT_EQ(v.find("c"), nullptr);
}

TEST(ParseJson, MalformedInputSaysWhere) {
  for (const char* bad : {"[1, 2", "{\"a\" 1}", "[01]", "tru", "\"open", "[1,]", "1 2", "{1: 2}"}) {
    EXPECT_THROW(parse_json(bad), std::runtime_error) << bad;
  }
  try {
    parse_json("[1, 2, x]");
    FAIL();
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("byte 7"), std::string::npos) << error.what();
  }
  EXPECT_THROW(parse_json(std::string(100000, '[')), std::runtime_error);
}

Verdict json_compare(const std::string& got, const std::string& want, JsonRules r = {}) {
  return compare_json(parse_json(got), parse_json(want), r);
}

TEST(CompareJson, IntegersExactFloatsTolerant) {
  EXPECT_TRUE(json_compare("[1, 2]", "[1, 2]").accepted);
  EXPECT_FALSE(json_compare("[1, 3]", "[1, 2]").accepted);
  EXPECT_EQ(json_compare("[1, 3]", "[1, 2]").why, "at [1]: expected 2, got 3");
  EXPECT_TRUE(json_compare("0.30000000000000004", "0.3").accepted);
  EXPECT_TRUE(json_compare("2.0", "2").accepted);
  EXPECT_FALSE(json_compare("2.1", "2").accepted);
  const std::string big = "123456789012345678901234567890";
  EXPECT_FALSE(json_compare(big + "1", big + "2").accepted);
  EXPECT_TRUE(json_compare(big, big).accepted);
}

TEST(CompareJson, TypesMatter) {
  EXPECT_FALSE(json_compare("true", "1").accepted);
  EXPECT_FALSE(json_compare("\"1\"", "1").accepted);
  EXPECT_FALSE(json_compare("null", "[]").accepted);
  EXPECT_TRUE(json_compare(R"({"b": 1, "a": 2})", R"({"a": 2, "b": 1})").accepted);
  EXPECT_FALSE(json_compare(R"({"a": 2})", R"({"a": 2, "b": 1})").accepted);
}

TEST(CompareJson, Unordered) {
  JsonRules r;
  r.unordered = true;
  EXPECT_TRUE(json_compare("[[2, 1], [1, 2], 3]", "[3, [1, 2], [2, 1]]", r).accepted);
  EXPECT_FALSE(json_compare("[1, 1, 2]", "[1, 2, 2]", r).accepted);
  EXPECT_TRUE(json_compare("[0.1, 0.2]", "[0.2000000001, 0.1]", r).accepted);
  EXPECT_FALSE(json_compare("[0.1, 0.2]", "[0.3, 0.1]", r).accepted);
  // Only the top level is unordered.
  EXPECT_FALSE(json_compare("[[2, 1]]", "[[1, 2]]", r).accepted);
}

}  // namespace
}  // namespace grading
