// A problem found in the bank: where, and what is wrong.
#pragma once

#include <string>
#include <vector>

namespace grading {

struct Issue {
  std::string path;  // the file (or folder) concerned
  int line = 0;      // 1-based; 0 when the problem is not tied to a line
  std::string message;
};

// "problems/coding/gcd/problem.yaml:7: points must be a positive number"
std::string describe(const Issue& issue);

using Issues = std::vector<Issue>;

}  // namespace grading
