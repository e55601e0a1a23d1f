// What the format readers and writers share.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "grading/mcq.hpp"

namespace interchange {

std::string trim(const std::string& text);

// Question ids as the bank wants them (a-z, 0-9, '-'), unique in the set.
class IdMaker {
 public:
  // From a title ("Dict order" -> "dict-order"), or "q<index+1>" without one.
  std::string make(const std::string& title, std::size_t index);

 private:
  std::set<std::string> used_;
};

// Adds a line to `losses` for each rule of the bank's MCQ format that `q`
// breaks, so that an import says what to fix before it can be published.
void report_bank_rules(const grading::McqQuestion& q, std::vector<std::string>& losses);

}  // namespace interchange
