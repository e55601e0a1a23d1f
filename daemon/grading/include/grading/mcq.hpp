// Multiple-choice question sets (problems/mcq/*.yaml).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "grading/issue.hpp"

namespace grading {

struct McqOption {
  std::string text;
  bool correct = false;
};

struct McqQuestion {
  std::string id;
  std::string guide_question;
  std::string difficulty;
  std::vector<std::string> tags;
  std::string question;  // Markdown
  std::vector<McqOption> options;
  std::string explanation;
  std::optional<std::string> snippet;  // "what does this print?" items
  int line = 0;                        // where it starts in its file
  [[nodiscard]] bool multiple() const;
};

struct McqSet {
  std::string id;
  std::string title;
  std::filesystem::path path;
  std::vector<McqQuestion> questions;
};

struct LoadedMcqSet {
  std::optional<McqSet> set;
  Issues issues;
};

LoadedMcqSet load_mcq_set(const std::filesystem::path& path);

// A snippet's output as it is compared with its key: trailing whitespace
// removed from every line, trailing empty lines dropped.
std::string normalise_output(const std::string& text);

}  // namespace grading
