#include "proctord/bank.hpp"

#include <optional>
#include <stdexcept>

#include "proctord/job_board.hpp"
#include "proctord/log.hpp"

namespace proctord {
namespace fs = std::filesystem;

namespace {

std::optional<grading::Problem> load_logged(const fs::path& dir) {
  grading::LoadedProblem loaded = grading::load_problem(dir);
  if (!loaded.problem) {
    log(Level::Warning, "problem left out of the bank",
        {{"path", dir.string()},
         {"issue", loaded.issues.empty() ? "" : grading::describe(loaded.issues.front())}});
  }
  return std::move(loaded.problem);
}

}  // namespace

Bank load_bank(const fs::path& dir) {
  Bank bank;
  if (fs::is_directory(dir / "coding")) {
    for (const auto& entry : fs::directory_iterator(dir / "coding")) {
      if (!entry.is_directory()) continue;
      if (auto problem = load_logged(entry.path())) {
        const std::string slug = problem->slug;
        bank.problems.emplace(slug, std::make_shared<const grading::Problem>(std::move(*problem)));
      }
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

void overlay(Bank& base, const Bank& top) {
  for (const auto& [slug, problem] : top.problems) base.problems[slug] = problem;
  for (const auto& [id, set] : top.mcq_sets) base.mcq_sets[id] = set;
}

const grading::McqQuestion* find_mcq(const Bank& bank, const std::string& ref) {
  const auto slash = ref.find('/');
  if (slash == std::string::npos) return nullptr;
  const auto set = bank.mcq_sets.find(ref.substr(0, slash));
  if (set == bank.mcq_sets.end()) return nullptr;
  for (const grading::McqQuestion& q : set->second.questions) {
    if (q.id == ref.substr(slash + 1)) return &q;
  }
  return nullptr;
}

Catalog::Catalog(Bank bank, fs::path versions_dir)
    : versions_dir_(std::move(versions_dir)), bank_(std::make_shared<const Bank>(std::move(bank))) {
  fs::create_directories(versions_dir_);
  for (const auto& entry : fs::directory_iterator(versions_dir_)) {
    if (!entry.is_directory() || entry.path().filename().string().starts_with(".")) continue;
    if (auto problem = load_logged(entry.path())) {
      // The folder's name is the hash it was pinned under; the problem's
      // own hash is over the same files, so they agree unless tampered.
      const std::string hash = entry.path().filename().string();
      if (problem->content_hash != hash) {
        log(Level::Warning, "pinned problem changed on disk; left out",
            {{"path", entry.path().string()}});
        continue;
      }
      versions_.emplace(hash, std::make_shared<const grading::Problem>(std::move(*problem)));
    }
  }
  for (const auto& [slug, problem] : bank_->problems)
    versions_.emplace(problem->content_hash, problem);
}

std::shared_ptr<const Bank> Catalog::bank() const {
  const std::lock_guard lock(mutex_);
  return bank_;
}

void Catalog::pin(const grading::Problem& problem) {
  const fs::path target = versions_dir_ / problem.content_hash;
  {
    const std::lock_guard lock(mutex_);
    if (fs::is_directory(target)) return;
  }
  // Copied beside, then renamed into place: a crash leaves no half copy
  // under the real name.
  const fs::path staging = versions_dir_ / ("." + problem.content_hash + ".part");
  std::error_code ec;
  fs::remove_all(staging, ec);
  fs::copy(problem.dir, staging, fs::copy_options::recursive, ec);
  if (ec) throw std::runtime_error("cannot keep a copy of " + problem.slug + ": " + ec.message());
  {
    const std::lock_guard lock(mutex_);
    if (fs::is_directory(target)) {
      fs::remove_all(staging, ec);
      return;
    }
    fs::rename(staging, target, ec);
    if (ec) throw std::runtime_error("cannot keep a copy of " + problem.slug + ": " + ec.message());
  }
  keep_in_board(problem);
  // From now on this version is graded from the copy, which nobody edits.
  grading::LoadedProblem copy = grading::load_problem(target);
  if (copy.problem && copy.problem->content_hash == problem.content_hash) {
    const std::lock_guard lock(mutex_);
    versions_[problem.content_hash] =
        std::make_shared<const grading::Problem>(std::move(*copy.problem));
  }
}

ProblemPtr Catalog::version(const std::string& content_hash) const {
  {
    const std::lock_guard lock(mutex_);
    const auto found = versions_.find(content_hash);
    if (found != versions_.end()) return found->second;
    if (board_ == nullptr) return nullptr;
  }
  return fetch_from_board(content_hash);
}

void Catalog::share_through(JobBoard& board) {
  std::vector<ProblemPtr> held;
  {
    const std::lock_guard lock(mutex_);
    board_ = &board;
    for (const auto& [hash, problem] : versions_) held.push_back(problem);
  }
  for (const ProblemPtr& problem : held) {
    try {
      keep_in_board(*problem);
    } catch (const std::exception& failure) {
      // Graders cannot have this version until it is pinned again; the
      // rest of the bank is still shared.
      log(Level::Error, "cannot keep a problem version in the database",
          {{"problem", problem->slug}, {"error", failure.what()}});
    }
  }
}

void Catalog::keep_in_board(const grading::Problem& problem) const {
  if (board_ == nullptr || board_->has_package(problem.content_hash)) return;
  board_->keep_package(problem.content_hash, problem.slug, pack_directory(problem.dir));
}

// Unpacked beside the pinned copies, checked against its hash, then renamed
// into place, as pin() does.
ProblemPtr Catalog::fetch_from_board(const std::string& content_hash) const {
  const bool plain_hash = !content_hash.empty() &&
                          content_hash.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (!plain_hash) return nullptr;
  std::optional<std::string> archive;
  try {
    archive = board_->package(content_hash);
  } catch (const std::exception& failure) {
    log(Level::Error, "cannot fetch a problem version", {{"error", failure.what()}});
    return nullptr;
  }
  if (!archive) return nullptr;
  const fs::path target = versions_dir_ / content_hash;
  const fs::path staging = versions_dir_ / ("." + content_hash + ".fetched");
  std::error_code ec;
  fs::remove_all(staging, ec);
  try {
    unpack_directory(*archive, staging);
  } catch (const std::exception& failure) {
    log(Level::Error, "a problem version in the database cannot be unpacked",
        {{"version", content_hash}, {"error", failure.what()}});
    fs::remove_all(staging, ec);
    return nullptr;
  }
  grading::LoadedProblem loaded = grading::load_problem(staging);
  if (!loaded.problem || loaded.problem->content_hash != content_hash) {
    log(Level::Error, "a problem version in the database does not match its hash",
        {{"version", content_hash}});
    fs::remove_all(staging, ec);
    return nullptr;
  }
  const std::lock_guard lock(mutex_);
  if (const auto found = versions_.find(content_hash); found != versions_.end()) {
    fs::remove_all(staging, ec);
    return found->second;
  }
  if (!fs::is_directory(target)) fs::rename(staging, target, ec);
  fs::remove_all(staging, ec);
  // Loaded again from where it now lives: a problem knows its folder.
  grading::LoadedProblem placed = grading::load_problem(target);
  if (!placed.problem || placed.problem->content_hash != content_hash) return nullptr;
  auto shared = std::make_shared<const grading::Problem>(std::move(*placed.problem));
  versions_.emplace(content_hash, shared);
  return shared;
}

void Catalog::publish(grading::Problem problem) {
  auto shared = std::make_shared<const grading::Problem>(std::move(problem));
  const std::lock_guard lock(mutex_);
  auto next = std::make_shared<Bank>(*bank_);
  next->problems[shared->slug] = shared;
  versions_.emplace(shared->content_hash, shared);
  bank_ = std::move(next);
}

void Catalog::publish(grading::McqSet set) {
  const std::lock_guard lock(mutex_);
  auto next = std::make_shared<Bank>(*bank_);
  next->mcq_sets[set.id] = std::move(set);
  bank_ = std::move(next);
}

}  // namespace proctord
