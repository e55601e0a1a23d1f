// Moodle's Aiken format: a one-line question, lettered one-line options,
// and `ANSWER: X` naming the single correct one.
#include <regex>
#include <sstream>

#include "interchange/mcq_formats.hpp"
#include "text.hpp"

namespace interchange {
namespace {

// Line breaks become spaces; says so when there were any.
std::string one_line(const std::string& text, bool& flattened) {
  std::string line = trim(text);
  for (char& c : line) {
    if (c == '\n' || c == '\r') {
      c = ' ';
      flattened = true;
    }
  }
  return line;
}

}  // namespace

Exported to_aiken(const grading::McqSet& set) {
  Exported exported;
  std::ostringstream out;
  for (const grading::McqQuestion& q : set.questions) {
    const std::string who = "question '" + q.id + "': ";
    if (q.multiple()) {
      exported.losses.push_back(who + "several correct options; Aiken allows one, left out");
      continue;
    }
    if (q.snippet) {
      exported.losses.push_back(who +
                                "its code snippet needs line breaks; Aiken has none, left out");
      continue;
    }
    bool flattened = false;
    out << one_line(q.question, flattened) << "\n";
    char letter = 'A';
    char answer = 'A';
    for (const grading::McqOption& option : q.options) {
      if (option.correct) answer = letter;
      out << letter++ << ". " << one_line(option.text, flattened) << "\n";
    }
    out << "ANSWER: " << answer << "\n\n";
    if (flattened) exported.losses.push_back(who + "line breaks became spaces");
  }
  exported.losses.push_back(
      "every question: Aiken has no explanation, difficulty, tags or guide question; left out");
  exported.text = out.str();
  return exported;
}

Imported from_aiken(const std::string& text, const std::string& set_id, const std::string& title) {
  Imported imported;
  imported.set.id = set_id;
  imported.set.title = title;
  IdMaker ids;
  const std::regex option_line(R"(^([A-Z])[.)]\s+(.*)$)");
  const std::regex answer_line(R"(^ANSWER:\s*([A-Z])\s*$)");
  grading::McqQuestion q;
  std::vector<char> letters;
  int number = 0;
  const auto reset = [&] {
    q = grading::McqQuestion{};
    letters.clear();
  };
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    ++number;
    line = trim(line);
    std::smatch match;
    if (line.empty()) continue;
    if (std::regex_match(line, match, answer_line)) {
      const std::string where = "line " + std::to_string(number) + ": ";
      const char answer = match[1].str()[0];
      std::size_t i = 0;
      while (i < letters.size() && letters[i] != answer) ++i;
      if (q.question.empty() || q.options.empty()) {
        imported.losses.push_back(where + "ANSWER without a question and options; left out");
      } else if (i == letters.size()) {
        imported.losses.push_back(where + "ANSWER " + std::string(1, answer) +
                                  " names no option; the question is left out");
      } else {
        q.options[i].correct = true;
        q.difficulty = "medium";
        q.id = ids.make(q.question.substr(0, 40), imported.set.questions.size());
        report_bank_rules(q, imported.losses);
        imported.set.questions.push_back(q);
      }
      reset();
    } else if (std::regex_match(line, match, option_line) && !q.question.empty()) {
      letters.push_back(match[1].str()[0]);
      q.options.push_back({match[2].str(), false});
    } else if (q.options.empty()) {
      if (q.question.empty()) q.line = number;
      q.question += (q.question.empty() ? "" : "\n") + line;
    } else {
      imported.losses.push_back("line " + std::to_string(number) +
                                ": text after the options and before ANSWER; the question is "
                                "left out");
      reset();
    }
  }
  if (!q.question.empty()) {
    imported.losses.push_back("line " + std::to_string(q.line) +
                              ": a question without ANSWER at the end; left out");
  }
  if (!imported.set.questions.empty()) {
    imported.losses.push_back(
        "every question: Aiken has no explanation, difficulty or tags; set to medium, untagged");
  }
  return imported;
}

}  // namespace interchange
