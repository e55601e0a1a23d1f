// The question bank as the daemon serves it, and every version of a problem
// an assessment was ever built with.
//
// The bank is loaded once from the problems folder; authors' uploads add to
// it while the service runs. Readers take a snapshot (a shared pointer to an
// immutable Bank), so a publish never changes what a request is looking at.
// When an assessment pins a problem, the package is copied under the data
// folder by its content hash: a later regrade is exact even after the bank's
// copy was edited or replaced.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "grading/mcq.hpp"
#include "grading/problem.hpp"

namespace proctord {

using ProblemPtr = std::shared_ptr<const grading::Problem>;

struct Bank {
  std::map<std::string, ProblemPtr> problems;       // by slug
  std::map<std::string, grading::McqSet> mcq_sets;  // by set id
};

// Loads every problem and MCQ set that reads cleanly; the others are logged
// and left out (`proctorctl bank validate` says exactly what is wrong).
Bank load_bank(const std::filesystem::path& dir);

// Adds `top`'s problems and sets to `base`, replacing those of the same
// name (authors' uploads over the built-in bank).
void overlay(Bank& base, const Bank& top);

// The MCQ `ref` ("set/question-id") in a bank, or nullptr.
const grading::McqQuestion* find_mcq(const Bank& bank, const std::string& ref);

class JobBoard;

class Catalog {
 public:
  // `versions_dir` keeps the pinned copies (created if missing; the copies
  // already there are loaded).
  Catalog(Bank bank, std::filesystem::path versions_dir);

  [[nodiscard]] std::shared_ptr<const Bank> bank() const;

  // Keeps a copy of the problem's package under its content hash (once).
  // Throws std::runtime_error if the copy cannot be written.
  void pin(const grading::Problem& problem);
  // A problem at a pinned version; nullptr when that version is unknown.
  [[nodiscard]] ProblemPtr version(const std::string& content_hash) const;

  // Several processes over one database: every version this catalog holds
  // or pins is kept in the board too (once), and a version asked for that
  // is not here is fetched from it. So a grader on another machine grades
  // exactly the version a candidate was given. Call before sharing `this`.
  void share_through(JobBoard& board);

  // An author's upload, already proved sound: replaces the bank's entry.
  void publish(grading::Problem problem);
  void publish(grading::McqSet set);

 private:
  std::filesystem::path versions_dir_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Bank> bank_;
  mutable std::map<std::string, ProblemPtr> versions_;  // by content hash; fetched ones added
  JobBoard* board_ = nullptr;

  void keep_in_board(const grading::Problem& problem) const;
  ProblemPtr fetch_from_board(const std::string& content_hash) const;
};

}  // namespace proctord
