// Moving multiple-choice questions in and out of the bank: Moodle's GIFT and
// Aiken formats, and our own YAML (problems/README.md). Whatever a format
// cannot express is listed in `losses`, never dropped in silence.
#pragma once

#include <string>
#include <vector>

#include "grading/mcq.hpp"

namespace interchange {

struct Exported {
  std::string text;
  std::vector<std::string> losses;  // "question 'x': ..." per thing left out
};

struct Imported {
  grading::McqSet set;
  std::vector<std::string> losses;  // what the source held that we could not take
};

// GIFT holds every question we have: the text and options as Markdown, all
// or nothing weights for several correct options, the explanation as the
// general feedback, and our metadata (difficulty, tags, guide question,
// snippet) in a `// proctor:` comment that other readers ignore.
Exported to_gift(const grading::McqSet& set);
Imported from_gift(const std::string& text, const std::string& set_id, const std::string& title);

// Aiken holds one line of question, one line per option and one correct
// option: anything more is reported.
Exported to_aiken(const grading::McqSet& set);
Imported from_aiken(const std::string& text, const std::string& set_id, const std::string& title);

// Our MCQ set YAML, as grading::load_mcq_set reads it.
std::string to_mcq_yaml(const grading::McqSet& set);

}  // namespace interchange
