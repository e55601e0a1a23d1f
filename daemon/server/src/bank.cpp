#include "proctord/bank.hpp"

#include "proctord/log.hpp"

namespace proctord {
namespace fs = std::filesystem;

Bank load_bank(const fs::path& dir) {
  Bank bank;
  if (fs::is_directory(dir / "coding")) {
    for (const auto& entry : fs::directory_iterator(dir / "coding")) {
      if (!entry.is_directory()) continue;
      grading::LoadedProblem loaded = grading::load_problem(entry.path());
      if (!loaded.problem) {
        log(Level::Warning, "problem left out of the bank",
            {{"path", entry.path().string()},
             {"issue", loaded.issues.empty() ? "" : grading::describe(loaded.issues.front())}});
        continue;
      }
      bank.problems.emplace(loaded.problem->slug, std::move(*loaded.problem));
    }
  }
  if (fs::is_directory(dir / "mcq")) {
    for (const auto& entry : fs::directory_iterator(dir / "mcq")) {
      if (entry.path().extension() != ".yaml") continue;
      grading::LoadedMcqSet loaded = grading::load_mcq_set(entry.path());
      if (!loaded.set) {
        log(Level::Warning, "MCQ set left out of the bank",
            {{"path", entry.path().string()},
             {"issue", loaded.issues.empty() ? "" : grading::describe(loaded.issues.front())}});
        continue;
      }
      bank.mcq_sets.emplace(loaded.set->id, std::move(*loaded.set));
    }
  }
  return bank;
}

}  // namespace proctord
