// The question bank as the daemon serves it: loaded once at start-up from
// the problems folder, then read-only.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "grading/mcq.hpp"
#include "grading/problem.hpp"

namespace proctord {

struct Bank {
  std::map<std::string, grading::Problem> problems;  // by slug
  std::map<std::string, grading::McqSet> mcq_sets;   // by set id
};

// Loads every problem and MCQ set that reads cleanly; the others are logged
// and left out (`proctorctl bank validate` says exactly what is wrong).
Bank load_bank(const std::filesystem::path& dir);

}  // namespace proctord
