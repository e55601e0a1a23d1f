// Comparing a program's answer with the expected one, outside the sandbox.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "grading/problem.hpp"

namespace grading {

struct Verdict {
  bool accepted = false;
  std::string why;  // for a wrong answer: the first difference, in words
};

// Kattis's default output validator: whitespace-separated tokens match one
// for one, case-insensitively unless case_sensitive; numbers may differ by
// the tolerances; with space_change_sensitive the whitespace must match too
// (a missing or extra final newline is forgiven).
Verdict compare_tokens(const std::string& output, const std::string& answer,
                       const OutputRules& rules);

// A JSON value that keeps integers exact at any size (Python's ints are
// unbounded), for comparing function results.
struct JsonValue {
  enum class Type { Null, Bool, Integer, Float, String, Array, Object };
  Type type = Type::Null;
  bool boolean = false;
  std::string text;               // an Integer's digits, a Float's source text, a String
  double number = 0;              // Integer or Float, as a double
  std::vector<JsonValue> items;   // an Array's items, an Object's values
  std::vector<std::string> keys;  // an Object's keys, sorted, matching items
  // The value of an Object's key, or nullptr.
  [[nodiscard]] const JsonValue* find(const std::string& key) const;
};

// Throws std::runtime_error with the position on malformed or too deeply
// nested input.
JsonValue parse_json(const std::string& text);
std::string to_text(const JsonValue& value, std::size_t max_length = 200);

// Equality with float tolerance (absolute or relative, the looser); with
// `unordered` the top-level arrays are compared as multisets.
Verdict compare_json(const JsonValue& actual, const JsonValue& expected, const JsonRules& rules);

}  // namespace grading
