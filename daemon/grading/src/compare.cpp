#include "grading/compare.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace grading {
namespace {

constexpr std::size_t kMaxDepth = 5000;

std::string shorten(const std::string& text, std::size_t max = 60) {
  return text.size() <= max ? text : text.substr(0, max) + "...";
}

bool parse_double(const std::string& token, double& value) {
  if (token.empty()) return false;
  char* end = nullptr;
  value = std::strtod(token.c_str(), &end);
  return end == token.c_str() + token.size() && std::isfinite(value);
}

bool close_enough(double actual, double expected, double absolute, double relative) {
  const double difference = std::fabs(actual - expected);
  return (absolute >= 0 && difference <= absolute) ||
         (relative >= 0 && difference <= relative * std::fabs(expected));
}

bool same_text(const std::string& a, const std::string& b, bool case_sensitive) {
  if (case_sensitive) return a == b;
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Alternating runs: whitespace, token, whitespace, ..., whitespace.
std::vector<std::string> split_runs(const std::string& text) {
  std::vector<std::string> runs(1);
  for (const char c : text) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    const bool in_space_run = runs.size() % 2 == 1;
    if (space != in_space_run) runs.emplace_back();
    runs.back() += c;
  }
  if (runs.size() % 2 == 0) runs.emplace_back();  // always end on a whitespace run
  return runs;
}

std::string trim_final_newline(std::string run) {
  if (!run.empty() && run.back() == '\n') run.pop_back();
  return run;
}

}  // namespace

Verdict compare_tokens(const std::string& output, const std::string& answer,
                       const OutputRules& rules) {
  const std::vector<std::string> got = split_runs(output);
  const std::vector<std::string> want = split_runs(answer);
  const std::size_t got_tokens = got.size() / 2;
  const std::size_t want_tokens = want.size() / 2;
  const bool tolerant = rules.absolute_tolerance >= 0 || rules.relative_tolerance >= 0;
  for (std::size_t i = 0; i < std::min(got_tokens, want_tokens); ++i) {
    const std::string& g = got[2 * i + 1];
    const std::string& w = want[2 * i + 1];
    if (same_text(g, w, rules.case_sensitive)) continue;
    double gv = 0;
    double wv = 0;
    if (tolerant && parse_double(w, wv) && parse_double(g, gv) &&
        close_enough(gv, wv, rules.absolute_tolerance, rules.relative_tolerance)) {
      continue;
    }
    return {false, "token " + std::to_string(i + 1) + ": expected '" + shorten(w) + "', got '" +
                       shorten(g) + "'"};
  }
  if (got_tokens != want_tokens) {
    return {false, "expected " + std::to_string(want_tokens) + " tokens, got " +
                       std::to_string(got_tokens)};
  }
  if (rules.space_change_sensitive) {
    for (std::size_t i = 0; i < got.size(); i += 2) {
      const bool last = i + 1 == got.size();
      if (last ? trim_final_newline(got[i]) == trim_final_newline(want[i]) : got[i] == want[i]) {
        continue;
      }
      return {false, "the spacing differs before token " + std::to_string(i / 2 + 1)};
    }
  }
  return {true, ""};
}

// ------------------------------------------------------------------ JSON

namespace {

// A JSON reader of our own: numbers keep their source text, so integers
// stay exact at any size (Python's ints are unbounded: 1000! has 2568
// digits, past any double), and nesting uses an explicit stack.
class Parser {
 public:
  explicit Parser(const std::string& text) : text_(text) {}

  JsonValue parse() {
    std::vector<JsonValue> stack;   // the open containers
    std::vector<std::string> keys;  // the pending key of each open object
    for (;;) {
      skip_space();
      const char c = peek();
      if (c == '[' || c == '{') {
        ++at_;
        if (stack.size() >= kMaxDepth) fail("nested too deeply");
        JsonValue open;
        open.type = c == '[' ? JsonValue::Type::Array : JsonValue::Type::Object;
        stack.push_back(std::move(open));
        keys.emplace_back();
        skip_space();
        if (peek() != (c == '[' ? ']' : '}')) {
          if (c == '{') keys.back() = member_key();
          continue;
        }
        ++at_;
      }
      JsonValue finished = (c == '[' || c == '{') ? close(stack, keys) : scalar();
      // Attach the finished value, closing containers as their ends come.
      for (;;) {
        if (stack.empty()) {
          skip_space();
          if (at_ != text_.size()) fail("unexpected text after the value");
          return finished;
        }
        JsonValue& top = stack.back();
        if (top.type == JsonValue::Type::Object) top.keys.push_back(std::move(keys.back()));
        top.items.push_back(std::move(finished));
        skip_space();
        const char next = peek();
        if (next == ',') {
          ++at_;
          if (top.type == JsonValue::Type::Object) keys.back() = member_key();
          break;
        }
        if (next != (top.type == JsonValue::Type::Array ? ']' : '}')) {
          fail("expected ',' or the end of the container");
        }
        ++at_;
        finished = close(stack, keys);
      }
    }
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("invalid JSON at byte " + std::to_string(at_) + ": " + what);
  }
  char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }
  void skip_space() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t')) {
      ++at_;
    }
  }
  static JsonValue close(std::vector<JsonValue>& stack, std::vector<std::string>& keys) {
    JsonValue done = std::move(stack.back());
    stack.pop_back();
    keys.pop_back();
    if (done.type == JsonValue::Type::Object) sort_members(done);
    return done;
  }
  // Objects keep their members sorted by key, so equal objects line up.
  static void sort_members(JsonValue& object) {
    std::vector<std::size_t> order(object.keys.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return object.keys[a] < object.keys[b]; });
    std::vector<std::string> keys;
    std::vector<JsonValue> items;
    for (const std::size_t i : order) {
      keys.push_back(std::move(object.keys[i]));
      items.push_back(std::move(object.items[i]));
    }
    object.keys = std::move(keys);
    object.items = std::move(items);
  }
  std::string member_key() {
    skip_space();
    if (peek() != '"') fail("expected a string key");
    std::string key = string_literal();
    skip_space();
    if (peek() != ':') fail("expected ':'");
    ++at_;
    return key;
  }
  JsonValue scalar() {
    JsonValue v;
    const char c = peek();
    if (c == '"') {
      v.type = JsonValue::Type::String;
      v.text = string_literal();
    } else if (word("null")) {
      v.type = JsonValue::Type::Null;
    } else if (word("true") || word("false")) {
      v.type = JsonValue::Type::Bool;
      v.boolean = text_[at_ - 1] == 'e' && text_[at_ - 2] == 'u';
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      v = number();
    } else {
      fail("expected a value");
    }
    return v;
  }
  bool word(const char* literal) {
    const std::size_t length = std::char_traits<char>::length(literal);
    if (text_.compare(at_, length, literal) != 0) return false;
    at_ += length;
    return true;
  }
  JsonValue number() {
    const std::size_t start = at_;
    bool is_float = false;
    if (peek() == '-') ++at_;
    if (!std::isdigit(static_cast<unsigned char>(peek()))) fail("a number needs digits");
    if (peek() == '0' && at_ + 1 < text_.size() &&
        std::isdigit(static_cast<unsigned char>(text_[at_ + 1]))) {
      fail("leading zeros are not allowed");
    }
    while (std::isdigit(static_cast<unsigned char>(peek()))) ++at_;
    if (peek() == '.') {
      is_float = true;
      ++at_;
      if (!std::isdigit(static_cast<unsigned char>(peek()))) fail("a fraction needs digits");
      while (std::isdigit(static_cast<unsigned char>(peek()))) ++at_;
    }
    if (peek() == 'e' || peek() == 'E') {
      is_float = true;
      ++at_;
      if (peek() == '+' || peek() == '-') ++at_;
      if (!std::isdigit(static_cast<unsigned char>(peek()))) fail("an exponent needs digits");
      while (std::isdigit(static_cast<unsigned char>(peek()))) ++at_;
    }
    JsonValue v;
    v.type = is_float ? JsonValue::Type::Float : JsonValue::Type::Integer;
    v.text = text_.substr(start, at_ - start);
    if (v.text == "-0") v.text = "0";
    v.number = std::strtod(v.text.c_str(), nullptr);  // +-inf for huge integers
    return v;
  }
  unsigned hex4() {
    if (at_ + 4 > text_.size()) fail("a short \\u escape");
    unsigned value = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[at_++];
      value <<= 4;
      if (h >= '0' && h <= '9')
        value |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f')
        value |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        value |= static_cast<unsigned>(h - 'A' + 10);
      else
        fail("a bad \\u escape");
    }
    return value;
  }
  static void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }
  std::string string_literal() {
    ++at_;  // the opening quote
    std::string out;
    for (;;) {
      if (at_ >= text_.size()) fail("an unterminated string");
      const char c = text_[at_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail("a control character in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      const char e = peek();
      ++at_;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned code = hex4();
          // A surrogate pair makes one code point; a lone surrogate stays
          // as it is (Python writes those for surrogateescape'd text).
          if (code >= 0xD800 && code < 0xDC00 && text_.compare(at_, 2, "\\u") == 0) {
            const std::size_t save = at_;
            at_ += 2;
            const unsigned low = hex4();
            if (low >= 0xDC00 && low < 0xE000)
              code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            else
              at_ = save;
          }
          append_utf8(out, code);
          break;
        }
        default: fail("a bad escape");
      }
    }
  }

  const std::string& text_;
  std::size_t at_ = 0;
};

void write(const JsonValue& value, std::string& out, std::size_t max) {
  if (out.size() > max) return;
  switch (value.type) {
    case JsonValue::Type::Null: out += "null"; break;
    case JsonValue::Type::Bool: out += value.boolean ? "true" : "false"; break;
    case JsonValue::Type::Integer:
    case JsonValue::Type::Float: out += value.text; break;
    case JsonValue::Type::String:
      out +=
          nlohmann::json(value.text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      break;
    case JsonValue::Type::Array:
      out += '[';
      for (std::size_t i = 0; i < value.items.size() && out.size() <= max; ++i) {
        if (i > 0) out += ", ";
        write(value.items[i], out, max);
      }
      out += ']';
      break;
    case JsonValue::Type::Object:
      out += '{';
      for (std::size_t i = 0; i < value.keys.size() && out.size() <= max; ++i) {
        if (i > 0) out += ", ";
        out += nlohmann::json(value.keys[i]).dump() + ": ";
        write(value.items[i], out, max);
      }
      out += '}';
      break;
  }
}

bool has_float(const JsonValue& value) {
  if (value.type == JsonValue::Type::Float) return true;
  for (const JsonValue& item : value.items) {
    if (has_float(item)) return true;
  }
  return false;
}

class Comparer {
 public:
  explicit Comparer(double tolerance) : tolerance_(tolerance) {}

  bool equal(const JsonValue& a, const JsonValue& e, const std::string& at, std::string& why,
             std::size_t depth = 0) {
    if (depth > kMaxDepth) {
      why = "nested too deeply";
      return false;
    }
    const bool numbers = (a.type == JsonValue::Type::Integer || a.type == JsonValue::Type::Float) &&
                         (e.type == JsonValue::Type::Integer || e.type == JsonValue::Type::Float);
    if (!numbers && a.type != e.type) return differ(a, e, at, why);
    switch (e.type) {
      case JsonValue::Type::Null: return true;
      case JsonValue::Type::Bool: return a.boolean == e.boolean || differ(a, e, at, why);
      case JsonValue::Type::String: return a.text == e.text || differ(a, e, at, why);
      case JsonValue::Type::Integer:
      case JsonValue::Type::Float:
        if (a.type == JsonValue::Type::Integer && e.type == JsonValue::Type::Integer) {
          return a.text == e.text || differ(a, e, at, why);
        }
        return close_enough(a.number, e.number, tolerance_, tolerance_) || differ(a, e, at, why);
      case JsonValue::Type::Array:
        if (a.items.size() != e.items.size()) {
          why = location(at) + "expected " + std::to_string(e.items.size()) + " items, got " +
                std::to_string(a.items.size());
          return false;
        }
        for (std::size_t i = 0; i < e.items.size(); ++i) {
          if (!equal(a.items[i], e.items[i], at + "[" + std::to_string(i) + "]", why, depth + 1)) {
            return false;
          }
        }
        return true;
      case JsonValue::Type::Object:
        if (a.keys != e.keys) return differ(a, e, at, why);
        for (std::size_t i = 0; i < e.keys.size(); ++i) {
          if (!equal(a.items[i], e.items[i], at + "[" + nlohmann::json(e.keys[i]).dump() + "]", why,
                     depth + 1)) {
            return false;
          }
        }
        return true;
    }
    return false;
  }

  // The top-level arrays as multisets.
  bool equal_unordered(const JsonValue& a, const JsonValue& e, std::string& why) {
    if (a.type != JsonValue::Type::Array || e.type != JsonValue::Type::Array) {
      return equal(a, e, "", why);
    }
    if (a.items.size() != e.items.size()) {
      why = "expected " + std::to_string(e.items.size()) + " items, got " +
            std::to_string(a.items.size());
      return false;
    }
    if (!has_float(a) && !has_float(e)) {  // exact: compare sorted texts
      std::vector<std::string> got, want;
      for (const JsonValue& item : a.items) got.push_back(to_text(item, SIZE_MAX));
      for (const JsonValue& item : e.items) want.push_back(to_text(item, SIZE_MAX));
      std::sort(got.begin(), got.end());
      std::sort(want.begin(), want.end());
      for (std::size_t i = 0; i < want.size(); ++i) {
        if (got[i] != want[i]) {
          why = "the items differ (in any order): expected " + shorten(want[i]) + ", got " +
                shorten(got[i]);
          return false;
        }
      }
      return true;
    }
    std::vector<bool> used(a.items.size(), false);
    for (const JsonValue& wanted : e.items) {
      bool found = false;
      for (std::size_t i = 0; i < a.items.size() && !found; ++i) {
        std::string ignored;
        if (!used[i] && equal(a.items[i], wanted, "", ignored)) found = used[i] = true;
      }
      if (!found) {
        why = "expected an item " + to_text(wanted, 60) + " that is missing";
        return false;
      }
    }
    return true;
  }

 private:
  static std::string location(const std::string& at) { return at.empty() ? "" : "at " + at + ": "; }
  static bool differ(const JsonValue& a, const JsonValue& e, const std::string& at,
                     std::string& why) {
    why = location(at) + "expected " + to_text(e, 60) + ", got " + to_text(a, 60);
    return false;
  }

  double tolerance_;
};

}  // namespace

JsonValue parse_json(const std::string& text) {
  return Parser(text).parse();
}

const JsonValue* JsonValue::find(const std::string& key) const {
  const auto found = std::lower_bound(keys.begin(), keys.end(), key);
  if (found == keys.end() || *found != key) return nullptr;
  return &items[static_cast<std::size_t>(found - keys.begin())];
}

std::string to_text(const JsonValue& value, std::size_t max_length) {
  std::string out;
  write(value, out, max_length);
  return max_length != SIZE_MAX && out.size() > max_length ? out.substr(0, max_length) + "..."
                                                           : out;
}

Verdict compare_json(const JsonValue& actual, const JsonValue& expected, const JsonRules& rules) {
  Comparer comparer(rules.float_tolerance);
  std::string why;
  const bool same = rules.unordered ? comparer.equal_unordered(actual, expected, why)
                                    : comparer.equal(actual, expected, "", why);
  return {same, same ? "" : why};
}

}  // namespace grading
