#include "grading/validate.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <sstream>

#include "grading/grader.hpp"
#include "grading/mcq.hpp"
#include "grading/problem.hpp"

namespace grading {
namespace fs = std::filesystem;

Policy upload_policy() {
  Policy policy;
  policy.min_samples = 1;
  policy.min_secret = 1;
  policy.min_wrong_answers = 0;
  return policy;
}

namespace {

using Clock = std::chrono::steady_clock;

std::string plural(std::size_t count, const std::string& word) {
  return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

// One problem's checks in flight; reports itself when the last one lands.
struct ProblemCheck {
  std::string label;
  Problem problem;
  Issues issues;
  std::size_t pending = 0;
  std::size_t runs = 0;
  std::uint64_t slowest_accepted_ms = 0;  // CPU time, the most any accepted test run took
  std::string slowest_accepted_test;
};

struct McqCheck {
  std::string label;
  McqSet set;
  Issues issues;
  std::size_t pending = 0;
};

class Validation {
 public:
  Validation(pysandbox::Pool& pool, std::ostream& out, const Policy& policy)
      : pool_(pool),
        out_(out),
        policy_(policy),
        cache_(make_temp_dir("proctor-inputs")),
        inputs_(cache_),
        grader_(pool, inputs_) {}
  ~Validation() {
    std::error_code ignored;
    fs::remove_all(cache_, ignored);
  }
  Validation(const Validation&) = delete;
  Validation& operator=(const Validation&) = delete;

  Summary run(const fs::path& path) {
    const auto started = Clock::now();
    discover(path);
    pool_.run_until_idle();
    summary_.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    print_summary();
    return summary_;
  }

 private:
  void discover(const fs::path& path) {
    if (fs::is_regular_file(path)) {
      add_mcq(path);
    } else if (fs::is_regular_file(path / "problem.yaml")) {
      add_problem(path);
    } else if (fs::is_directory(path / "coding") || fs::is_directory(path / "mcq")) {
      for (const fs::path& dir : sorted(path / "coding")) {
        if (fs::is_directory(dir)) add_problem(dir);
      }
      for (const fs::path& file : sorted(path / "mcq")) {
        if (file.extension() == ".yaml") add_mcq(file);
      }
    } else {
      out_ << "FAIL  " << path.string()
           << ": neither a bank (coding/, mcq/), a problem folder nor an MCQ set\n";
      ++summary_.problems_failed;
    }
  }

  static std::vector<fs::path> sorted(const fs::path& dir) {
    std::vector<fs::path> entries;
    if (!fs::is_directory(dir)) return entries;
    for (const auto& entry : fs::directory_iterator(dir)) entries.push_back(entry.path());
    std::sort(entries.begin(), entries.end());
    return entries;
  }

  // ---------------------------------------------------------- problems

  void add_problem(const fs::path& dir) {
    ++summary_.problems;
    auto check = std::make_shared<ProblemCheck>();
    check->label = dir.string();
    LoadedProblem loaded = load_problem(dir);
    check->issues = std::move(loaded.issues);
    if (!loaded.problem) {
      report(*check);
      return;
    }
    check->problem = std::move(*loaded.problem);
    apply_policy(*check);
    const Problem& problem = check->problem;
    ++check->pending;  // held until everything below is queued
    for (const TestCase& test : problem.tests) {
      if (!test.generator.empty()) check_generator(check, test.generator);
    }
    for (const fs::path& file : problem.accepted) check_accepted(check, file);
    for (const fs::path& file : problem.wrong_answer) check_wrong(check, file, read_file(file), 0);
    finish_one(*check);
  }

  void apply_policy(ProblemCheck& check) const {
    const Problem& p = check.problem;
    const auto samples = static_cast<std::size_t>(
        std::count_if(p.tests.begin(), p.tests.end(), [](const TestCase& t) { return t.sample; }));
    const std::size_t secret = p.tests.size() - samples;
    const std::string where = p.dir.string();
    const auto require = [&](bool ok, const std::string& message) {
      if (!ok) check.issues.push_back({where, 0, message});
    };
    require(samples >= policy_.min_samples, "needs at least " +
                                                plural(policy_.min_samples, "sample test") +
                                                ", has " + std::to_string(samples));
    require(secret >= policy_.min_secret, "needs at least " +
                                              plural(policy_.min_secret, "secret test") + ", has " +
                                              std::to_string(secret));
    require(p.accepted.size() >= policy_.min_accepted,
            "needs at least " + plural(policy_.min_accepted, "accepted solution"));
    require(p.wrong_answer.size() >= policy_.min_wrong_answers,
            "needs at least " + plural(policy_.min_wrong_answers, "wrong-answer solution"));
    if (p.kind != ProblemKind::Stdio && p.starter.empty()) {
      require(false, "a function or class problem needs starter.py with the signature");
    }
  }

  void check_generator(const std::shared_ptr<ProblemCheck>& check, const fs::path& generator) {
    ++check->pending;
    inputs_.produce(
        pool_, generator,
        [this, check, generator](const fs::path& input, const std::string& error) {
          ++check->runs;
          if (!error.empty()) {
            check->issues.push_back({generator.string(), 0, error});
            finish_one(*check);
            return;
          }
          // A second run must give the same bytes: generators are deterministic.
          pysandbox::PoolJob again;
          again.request.box_files.push_back({"main.py", read_file(generator)});
          again.request.limits.cpu_ms = 20000;
          again.request.limits.wall_ms = 60000;
          again.request.limits.memory_mb = 1024;
          again.request.limits.output_kb = std::uint64_t{110} * 1024;
          pool_.submit(std::move(again), [this, check, generator,
                                          input](const pysandbox::RunResult& run) {
            ++check->runs;
            if (run.verdict != pysandbox::Verdict::Ok || run.stdout_data != read_file(input)) {
              check->issues.push_back({generator.string(), 0,
                                       "the generator is not deterministic: a second run printed "
                                       "different bytes"});
            }
            finish_one(*check);
          });
        });
  }

  void check_accepted(const std::shared_ptr<ProblemCheck>& check, const fs::path& file) {
    const auto source = std::make_shared<const std::string>(read_file(file));
    for (std::size_t i = 0; i < check->problem.tests.size(); ++i) {
      run_accepted(check, file, source, i, 0);
    }
  }

  // A busy machine inflates a run's CPU time (a shared core's caches, its
  // hyperthread sibling), so a run over budget is measured once more and the
  // problem judged on the faster of the two: one noisy figure must not fail a
  // sound problem, and a solution that is really too slow is slow both times.
  void run_accepted(const std::shared_ptr<ProblemCheck>& check, const fs::path& file,
                    const std::shared_ptr<const std::string>& source, std::size_t index,
                    std::uint64_t first_cpu_ms) {
    ++check->pending;
    grader_.run_test(check->problem, index, *source, [=, this](const TestResult& result) {
      ++check->runs;
      const std::string who = "accepted " + file.filename().string();
      const double budget = check->problem.time_limit_s * 1000 / policy_.cpu_room;
      const std::uint64_t cpu_ms =
          first_cpu_ms == 0 ? result.cpu_ms : std::min(first_cpu_ms, result.cpu_ms);
      if (result.verdict != "ACCEPTED") {
        check->issues.push_back({file.string(), 0,
                                 who + " fails " + result.name + ": " + result.verdict +
                                     (result.detail.empty() ? "" : " (" + result.detail + ")")});
      } else if (static_cast<double>(cpu_ms) > budget && first_cpu_ms == 0) {
        run_accepted(check, file, source, index, std::max<std::uint64_t>(cpu_ms, 1));
      } else if (static_cast<double>(cpu_ms) > budget) {
        check->issues.push_back({file.string(), 0,
                                 who + " needs " + std::to_string(cpu_ms) + " ms of CPU on " +
                                     result.name + " (the faster of two runs); the time limit " +
                                     "must leave " + std::to_string(policy_.cpu_room).substr(0, 3) +
                                     "x room"});
      } else {
        if (cpu_ms >= check->slowest_accepted_ms) {
          check->slowest_accepted_ms = cpu_ms;
          check->slowest_accepted_test = result.name;
        }
      }
      finish_one(*check);
    });
  }

  // Runs the secret tests one after another until one fails.
  void check_wrong(const std::shared_ptr<ProblemCheck>& check, const fs::path& file,
                   const std::string& source, std::size_t from) {
    const Problem& problem = check->problem;
    std::size_t next = from;
    while (next < problem.tests.size() && problem.tests[next].sample) ++next;
    if (next == problem.tests.size()) {
      check->issues.push_back(
          {file.string(), 0,
           "wrong answer " + file.filename().string() + " passes every secret test"});
      return;
    }
    ++check->pending;
    grader_.run_test(
        problem, next, source, [this, check, file, source, next](const TestResult& result) {
          ++check->runs;
          if (result.verdict == "INTERNAL_ERROR") {
            check->issues.push_back(
                {file.string(), 0, "the sandbox failed on " + result.name + ": " + result.detail});
          } else if (result.verdict == "ACCEPTED") {
            check_wrong(check, file, source, next + 1);
          }
          finish_one(*check);
        });
  }

  void finish_one(ProblemCheck& check) {
    if (--check.pending == 0) report(check);
  }

  void report(ProblemCheck& check) {
    summary_.runs += check.runs;
    if (!check.issues.empty()) ++summary_.problems_failed;
    std::string line = check.issues.empty() ? "OK    " : "FAIL  ";
    line += check.label;
    if (!check.problem.slug.empty()) {
      const Problem& p = check.problem;
      line += "  (" + std::string(kind_name(p.kind)) + ", " + plural(p.tests.size(), "test") +
              ", " + plural(p.accepted.size(), "accepted solution") + ", " +
              plural(p.wrong_answer.size(), "wrong answer") + ", " + plural(check.runs, "run");
      if (check.issues.empty() && !p.accepted.empty()) {
        // How close the slowest accepted run came to the limit, so an author
        // sees a thin margin before a slower machine turns it into a failure.
        line += ", slowest accepted " + std::to_string(check.slowest_accepted_ms) + " of " +
                std::to_string(static_cast<std::uint64_t>(p.time_limit_s * 1000)) + " ms CPU on " +
                check.slowest_accepted_test;
      }
      line += ")";
    }
    out_ << line << "\n";
    for (const Issue& issue : check.issues) out_ << "      - " << describe(issue) << "\n";
    out_.flush();
  }

  // ---------------------------------------------------------- MCQ sets

  void add_mcq(const fs::path& path) {
    ++summary_.mcq_sets;
    auto check = std::make_shared<McqCheck>();
    check->label = path.string();
    LoadedMcqSet loaded = load_mcq_set(path);
    check->issues = std::move(loaded.issues);
    if (!loaded.set) {
      report(*check);
      return;
    }
    check->set = std::move(*loaded.set);
    summary_.questions += check->set.questions.size();
    ++check->pending;
    for (const McqQuestion& question : check->set.questions) {
      if (question.snippet) check_snippet(check, question);
    }
    if (--check->pending == 0) report(*check);
  }

  void check_snippet(const std::shared_ptr<McqCheck>& check, const McqQuestion& question) {
    ++check->pending;
    ++summary_.snippets;
    pysandbox::PoolJob job;
    job.request.box_files.push_back({"main.py", *question.snippet});
    job.request.limits.cpu_ms = 5000;
    job.request.limits.wall_ms = 10000;
    const std::string where = check->set.path.string();
    pool_.submit(std::move(job), [this, check, question, where](const pysandbox::RunResult& run) {
      ++summary_.runs;
      const auto flag = [&](const std::string& message) {
        check->issues.push_back(
            {where, question.line, "question '" + question.id + "': " + message});
      };
      if (run.verdict != pysandbox::Verdict::Ok) {
        flag("the snippet ends with " + std::string(pysandbox::verdict_name(run.verdict)) + " (" +
             run.detail + ") " + run.stderr_data.substr(0, 300));
      } else {
        const std::string printed = normalise_output(run.stdout_data);
        for (const McqOption& option : question.options) {
          const bool matches = normalise_output(option.text) == printed;
          if (option.correct && !matches) {
            flag("the key says it prints '" + option.text + "' but it prints '" + printed + "'");
          } else if (!option.correct && matches) {
            flag("a wrong option '" + option.text + "' is exactly what it prints");
          }
        }
      }
      if (--check->pending == 0) report(*check);
    });
  }

  void report(McqCheck& check) {
    if (!check.issues.empty()) ++summary_.mcq_sets_failed;
    const auto snippets = std::count_if(check.set.questions.begin(), check.set.questions.end(),
                                        [](const McqQuestion& q) { return q.snippet.has_value(); });
    out_ << (check.issues.empty() ? "OK    " : "FAIL  ") << check.label;
    if (!check.set.id.empty()) {
      out_ << "  (" << plural(check.set.questions.size(), "question") << ", "
           << plural(static_cast<std::size_t>(snippets), "snippet") << " run)";
    }
    out_ << "\n";
    for (const Issue& issue : check.issues) out_ << "      - " << describe(issue) << "\n";
    out_.flush();
  }

  void print_summary() {
    char rate[64];
    (void)std::snprintf(
        rate, sizeof rate, "%.1f s (%.1f runs/s)", summary_.seconds,
        summary_.seconds > 0 ? static_cast<double>(summary_.runs) / summary_.seconds : 0.0);
    out_ << "\nproblems: " << summary_.problems - summary_.problems_failed << " sound, "
         << summary_.problems_failed
         << " failed; MCQ sets: " << summary_.mcq_sets - summary_.mcq_sets_failed << " sound, "
         << summary_.mcq_sets_failed << " failed (" << plural(summary_.questions, "question")
         << ", " << plural(summary_.snippets, "snippet") << " checked)\n"
         << summary_.runs << " sandbox runs on " << plural(pool_.size(), "worker") << " in " << rate
         << "\n";
  }

  pysandbox::Pool& pool_;
  std::ostream& out_;
  Policy policy_;
  fs::path cache_;
  GeneratedInputs inputs_;
  Grader grader_;
  Summary summary_;
};

}  // namespace

Summary validate(const fs::path& path, pysandbox::Pool& pool, std::ostream& out,
                 const Policy& policy) {
  Validation validation(pool, out, policy);
  return validation.run(path);
}

}  // namespace grading
