// Proving the bank sound: everything parses, every accepted solution passes
// every test with room to spare, every wrong answer fails a secret test,
// every generator is deterministic, and every "what does this print?"
// snippet prints its key. What `proctorctl bank validate` runs, and what
// the daemon runs on an author's upload before publishing it.
#pragma once

#include <filesystem>
#include <ostream>

#include "pysandbox/pool.hpp"

namespace grading {

struct Policy {
  std::size_t min_samples = 2;
  std::size_t min_secret = 10;
  std::size_t min_accepted = 1;
  std::size_t min_wrong_answers = 2;
  double cpu_room = 2.0;  // an accepted solution uses at most limit / cpu_room
};

// A policy for packages hiring teams bring as they are.
Policy upload_policy();

struct Summary {
  std::size_t problems = 0, problems_failed = 0;
  std::size_t mcq_sets = 0, mcq_sets_failed = 0, questions = 0, snippets = 0;
  std::size_t runs = 0;
  double seconds = 0;
  [[nodiscard]] bool ok() const { return problems_failed == 0 && mcq_sets_failed == 0; }
};

// `path` is a bank (with coding/ and mcq/), one problem folder, or one MCQ
// set file. Prints a line per problem and set, then a summary.
Summary validate(const std::filesystem::path& path, pysandbox::Pool& pool, std::ostream& out,
                 const Policy& policy = {});

}  // namespace grading
