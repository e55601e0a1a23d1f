// Moodle's GIFT format (docs: https://docs.moodle.org/en/GIFT_format).
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>

#include "interchange/mcq_formats.hpp"
#include "text.hpp"

namespace interchange {
namespace {

using nlohmann::json;

constexpr const char* kMetaPrefix = "// proctor: ";
// A snippet travels inside the question text as a fenced block, so that
// other readers show it; the metadata says to split it off again.
constexpr const char* kSnippetFence = "\n```python\n";

// GIFT's escapes, as Moodle reads them: `\\`, `\~`, `\=`, `\#`, `\{`, `\}`, `\:`
// and `\n` for a line break. A backslash before anything else is text.
// The reader undoes only these and the writer writes only these, so
// nothing the reader takes in can need an escape the writer lacks (a
// `\ ` undone to a space at an option's edge, which the next import
// trimmed away).
bool escapes(char c) {
  return c == '\\' || c == '~' || c == '=' || c == '#' || c == '{' || c == '}' || c == ':' ||
         c == 'n';
}

// Whether text[i] starts an escape pair: a backslash with one of GIFT's
// escapes after it.
bool escape_at(const std::string& text, std::size_t i) {
  return text[i] == '\\' && i + 1 < text.size() && escapes(text[i + 1]);
}

std::string escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else {
      if (c == '~' || c == '=' || c == '#' || c == '{' || c == '}' || c == ':' || c == '\\') {
        out += '\\';
      }
      out += c;
    }
  }
  return out;
}

std::string unescape(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (escape_at(text, i)) {
      ++i;
      out += text[i] == 'n' ? '\n' : text[i];
    } else {
      out += text[i];
    }
  }
  return out;
}

// Where a weight at the start of an answer's text ends, just past its
// second `%`, or npos: `%50%`, `%-100%`, `%33.33333%`, the shape Moodle
// takes (anything else between two `%` is text, `%d%s` say). Read on the
// text as written, before its escapes are undone.
std::size_t weight_end(const std::string& text) {
  const auto digit = [&](std::size_t i) {
    return i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0;
  };
  if (text.empty() || text[0] != '%') return std::string::npos;
  std::size_t i = text.size() > 1 && text[1] == '-' ? 2 : 1;
  if (!digit(i)) return std::string::npos;
  while (digit(i)) ++i;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (digit(i)) ++i;
  }
  return i < text.size() && text[i] == '%' ? i + 1 : std::string::npos;
}

// "50", "33.33333": a weight as GIFT writes it.
std::string weight(double value) {
  std::ostringstream text;
  text.precision(7);
  text << value;
  return text.str();
}

std::string question_text(const grading::McqQuestion& q) {
  if (!q.snippet) return q.question;
  const bool ends_line = !q.snippet->empty() && q.snippet->back() == '\n';
  return q.question + kSnippetFence + *q.snippet + (ends_line ? "```" : "\n```");
}

json metadata(const grading::McqQuestion& q) {
  json meta = {{"id", q.id}, {"difficulty", q.difficulty}, {"tags", q.tags}};
  if (!q.guide_question.empty()) meta["guide_question"] = q.guide_question;
  if (q.snippet) {
    meta["snippet"] = true;
    meta["snippet_ends_line"] = !q.snippet->empty() && q.snippet->back() == '\n';
  }
  return meta;
}

void write_answers(std::ostringstream& out, const grading::McqQuestion& q) {
  int correct = 0;
  for (const grading::McqOption& option : q.options) correct += option.correct ? 1 : 0;
  for (const grading::McqOption& option : q.options) {
    const std::string text = escape(option.text);
    if (!q.multiple() && weight_end(text) != std::string::npos) {
      // A text that starts like a weight (`%5%`) takes one of its own, or
      // the import would read its start as the weight: `~%100%` reads as
      // right in Moodle too, where `=%100%` would keep the weight as text.
      out << (option.correct ? "\t~%100%" : "\t~%0%") << text << "\n";
    } else if (!q.multiple()) {
      out << (option.correct ? "\t=" : "\t~") << text << "\n";
    } else {
      // Every correct option shares the credit; a wrong one takes it all
      // away: all or nothing, as the bank scores it.
      const std::string share = option.correct ? weight(100.0 / correct) : "-100";
      out << "\t~%" << share << "%" << text << "\n";
    }
  }
  if (!q.explanation.empty()) out << "\t####" << escape(q.explanation) << "\n";
}

}  // namespace

Exported to_gift(const grading::McqSet& set) {
  std::ostringstream out;
  out << "// " << set.title << " (set '" << set.id << "'), exported from proctor\n";
  out << "$CATEGORY: " << set.id << "\n\n";
  for (const grading::McqQuestion& q : set.questions) {
    out << kMetaPrefix << metadata(q).dump() << "\n";
    out << "::" << escape(q.id) << "::[markdown]" << escape(question_text(q)) << " {\n";
    write_answers(out, q);
    out << "}\n\n";
  }
  return {out.str(), {}};
}

namespace {

struct Answer {
  std::string text;
  std::string feedback;
  bool correct = false;
  std::optional<double> weight;
};

struct Block {
  std::string source;  // the question's lines
  std::string meta;    // the JSON of a `// proctor:` comment, or ""
  int line = 0;
};

// The blocks of a GIFT file: questions separated by blank lines, with
// comments and category lines taken out.
std::vector<Block> split_blocks(const std::string& text) {
  std::vector<Block> blocks;
  Block current;
  json pending_meta;
  int number = 0;
  std::istringstream in(text);
  const auto flush = [&] {
    if (!trim(current.source).empty()) blocks.push_back(current);
    current = Block{};
  };
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string bare = trim(line);
    if (bare.empty()) {
      flush();
      continue;
    }
    if (bare.rfind(kMetaPrefix, 0) == 0) {
      current.meta = bare.substr(std::string(kMetaPrefix).size());
      continue;
    }
    if (bare.rfind("//", 0) == 0 || bare.rfind("$CATEGORY:", 0) == 0) continue;
    if (current.source.empty()) current.line = number;
    current.source += (current.source.empty() ? "" : "\n") + line;
  }
  flush();
  return blocks;
}

// The position of the next unescaped `what` from `from`, or npos.
std::size_t find_unescaped(const std::string& text, const std::string& what, std::size_t from) {
  for (std::size_t i = from; i < text.size(); ++i) {
    if (escape_at(text, i)) {
      ++i;
      continue;
    }
    if (text.compare(i, what.size(), what) == 0) return i;
  }
  return std::string::npos;
}

// A weight, `%50%text`, taken off an answer's text while it is still
// escaped: what is left is trimmed then, so that whitespace written as an
// escape (a final `\n`) stays part of the text.
void take_weight(Answer& answer) {
  const auto end = weight_end(answer.text);
  if (end == std::string::npos) return;
  answer.weight = std::strtod(answer.text.substr(1, end - 2).c_str(), nullptr);
  answer.correct = *answer.weight > 0;
  answer.text = trim(answer.text.substr(end));
}

// The answers between the braces: `=right`, `~wrong`, `~%50%part`,
// `#feedback`, `####general feedback`.
std::vector<Answer> parse_answers(const std::string& body, std::string& general) {
  std::vector<Answer> answers;
  std::string* target = nullptr;
  std::string piece;
  // Pieces are kept escaped until the weights are off (take_weight).
  const auto close = [&] {
    if (target != nullptr) *target = trim(piece);
    piece.clear();
  };
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (escape_at(body, i)) {
      piece += c;
      piece += body[++i];
      continue;
    }
    if (c == '=' || c == '~') {
      close();
      answers.push_back({});
      answers.back().correct = c == '=';
      target = &answers.back().text;
    } else if (body.compare(i, 4, "####") == 0) {
      close();
      target = &general;
      i += 3;
    } else if (c == '#' && !answers.empty()) {
      close();
      target = &answers.back().feedback;
    } else {
      piece += c;
    }
  }
  close();
  for (Answer& answer : answers) {
    take_weight(answer);
    answer.text = unescape(answer.text);
    answer.feedback = unescape(answer.feedback);
  }
  general = unescape(general);
  return answers;
}

// Why a block is not a multiple-choice question we can take, or "".
std::string unsupported_kind(const std::string& body, const std::vector<Answer>& answers) {
  const std::string bare = trim(body);
  if (bare.empty()) return "an essay question";
  if (bare[0] == '#') return "a numerical question";
  const std::string upper = [&] {
    std::string u;
    for (const char c : bare) u += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return u;
  }();
  if (upper == "T" || upper == "F" || upper == "TRUE" || upper == "FALSE") {
    return "a true/false question (two options; the bank needs 3 to 5)";
  }
  // Moodle's order: a `~` makes multiple choice, whatever `->` an option or
  // the feedback holds (`def f() -> int`); only without one is it matching.
  if (find_unescaped(body, "~", 0) == std::string::npos &&
      find_unescaped(body, "->", 0) != std::string::npos) {
    return "a matching question";
  }
  bool any_wrong = false;
  for (const Answer& answer : answers) any_wrong = any_wrong || !answer.correct;
  if (!any_wrong) return "a short-answer question";
  return "";
}

bool any_feedback(const std::vector<Answer>& answers) {
  for (const Answer& answer : answers) {
    if (!answer.feedback.empty()) return true;
  }
  return false;
}

// Weights other than "the correct options share 100": partial credit,
// which the bank's all-or-nothing scoring cannot give.
bool partial_credit(const std::vector<Answer>& answers) {
  double total = 0;
  std::optional<double> first;
  for (const Answer& answer : answers) {
    if (!answer.weight || !answer.correct) continue;
    if (first && std::abs(*first - *answer.weight) > 0.01) return true;
    first = answer.weight;
    total += *answer.weight;
  }
  return first && std::abs(total - 100) > 0.01;
}

// Our comment's fields, read only as the type we write them: a file edited
// by hand can hold anything there (`"id": 5`), and json's value() would
// throw. A field of another type is left as it was and named in `wrong`.
std::string meta_string(const json& meta, const char* key, const std::string& fallback,
                        std::vector<std::string>& wrong) {
  const auto field = meta.find(key);
  if (field == meta.end()) return fallback;
  if (!field->is_string()) {
    wrong.emplace_back(key);
    return fallback;
  }
  return field->get<std::string>();
}

bool meta_bool(const json& meta, const char* key, bool fallback, std::vector<std::string>& wrong) {
  const auto field = meta.find(key);
  if (field == meta.end()) return fallback;
  if (!field->is_boolean()) {
    wrong.emplace_back(key);
    return fallback;
  }
  return field->get<bool>();
}

void apply_metadata(grading::McqQuestion& q, const json& meta, std::vector<std::string>& wrong) {
  q.difficulty = meta_string(meta, "difficulty", q.difficulty, wrong);
  if (const auto tags = meta.find("tags"); tags != meta.end()) {
    bool strings = tags->is_array();  // the strings of a list are taken
    for (const json& tag : strings ? *tags : json::array()) {
      if (tag.is_string()) {
        q.tags.push_back(tag.get<std::string>());
      } else {
        strings = false;
      }
    }
    if (!strings) wrong.emplace_back("tags");
  }
  q.guide_question = meta_string(meta, "guide_question", q.guide_question, wrong);
  const bool has_snippet = meta_bool(meta, "snippet", false, wrong);
  const bool ends_line = meta_bool(meta, "snippet_ends_line", true, wrong);
  if (!has_snippet) return;
  const auto fence = q.question.rfind(kSnippetFence);
  if (fence == std::string::npos || q.question.size() < fence + 3) return;
  std::string snippet = q.question.substr(fence + std::string(kSnippetFence).size());
  if (snippet.size() < 3 || snippet.compare(snippet.size() - 3, 3, "```") != 0) return;
  snippet.resize(snippet.size() - 3);
  if (!ends_line && !snippet.empty()) snippet.pop_back();
  q.snippet = snippet;
  q.question.resize(fence);
}

}  // namespace

Imported from_gift(const std::string& text, const std::string& set_id, const std::string& title) {
  Imported imported;
  imported.set.id = set_id;
  imported.set.title = title;
  IdMaker ids;
  for (const Block& block : split_blocks(text)) {
    const std::string where = "line " + std::to_string(block.line);
    std::string source = trim(block.source);
    std::string name;
    if (source.rfind("::", 0) == 0) {
      const auto end = find_unescaped(source, "::", 2);
      if (end != std::string::npos) {
        name = unescape(source.substr(2, end - 2));
        source = trim(source.substr(end + 2));
      }
    }
    if (source.rfind('[', 0) == 0 && source.find(']') != std::string::npos) {
      source = source.substr(source.find(']') + 1);  // [markdown], [html], [plain]
    }
    const auto open = find_unescaped(source, "{", 0);
    const auto close = open == std::string::npos ? open : find_unescaped(source, "}", open);
    std::string label = where;
    if (!name.empty()) label += " ('" + name + "')";
    if (open == std::string::npos || close == std::string::npos) {
      imported.losses.push_back(label + ": no answers in braces; not a question, left out");
      continue;
    }
    std::string general;
    const std::string body = source.substr(open + 1, close - open - 1);
    std::vector<Answer> answers = parse_answers(body, general);
    if (const std::string kind = unsupported_kind(body, answers); !kind.empty()) {
      label += ": ";
      label += kind;
      imported.losses.push_back(label + " is not multiple choice; left out");
      continue;
    }
    grading::McqQuestion q;
    q.line = block.line;
    q.difficulty = "medium";
    q.question = unescape(trim(source.substr(0, open)));
    const std::string after = trim(source.substr(close + 1));
    if (!after.empty()) {
      // No space before the gap when no text is: the export would write
      // it first, and the next import would trim it away.
      q.question += (q.question.empty() ? "_____ " : " _____ ") + unescape(after);
      imported.losses.push_back(label + ": a missing-word question; the gap is shown as _____");
    }
    q.explanation = general;
    for (const Answer& answer : answers) {
      q.options.push_back({answer.text, answer.correct});
      if (!answer.feedback.empty()) {
        q.explanation +=
            (q.explanation.empty() ? "" : "\n\n") + ("*" + answer.text + "*: ") + answer.feedback;
      }
    }
    const json meta = json::parse(block.meta, nullptr, false);
    std::vector<std::string> wrong;
    q.id = ids.make(meta.is_object() ? meta_string(meta, "id", name, wrong) : name,
                    imported.set.questions.size());
    if (meta.is_object()) {
      apply_metadata(q, meta, wrong);
      for (const std::string& key : wrong) {
        imported.losses.push_back("question '" + q.id + "': its `// proctor:` comment's \"" + key +
                                  "\" is not of the type proctor writes; left out");
      }
    } else {
      imported.losses.push_back("question '" + q.id +
                                "': GIFT has no difficulty or tags; set to medium, untagged");
    }
    if (any_feedback(answers)) {
      imported.losses.push_back("question '" + q.id +
                                "': per-option feedback was moved into the explanation");
    }
    if (partial_credit(answers)) {
      imported.losses.push_back("question '" + q.id +
                                "': partial-credit weights became all or nothing");
    }
    report_bank_rules(q, imported.losses);
    imported.set.questions.push_back(std::move(q));
  }
  return imported;
}

}  // namespace interchange
