// Grading a solution against a problem: building each test's sandbox run,
// judging what comes back (outside the sandbox), and scoring.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "grading/compare.hpp"
#include "grading/problem.hpp"
#include "pysandbox/pool.hpp"

namespace grading {

struct TestResult {
  std::string name;
  std::string group;    // "sample", "secret" or the group's name
  std::string verdict;  // ACCEPTED, WRONG_ANSWER, or the sandbox's verdict
  double points = 0;    // what this test added to the score
  std::uint64_t cpu_ms = 0, wall_ms = 0, memory_kb = 0;
  std::string detail;  // why, in words
  std::string output;  // what the program printed (for the candidate's samples)
  std::string error;   // its stderr
};

struct GradeReport {
  std::string problem;
  double score = 0;
  double max_score = 0;
  std::vector<TestResult> tests;  // in the problem's test order
};

// Produces the input of generated tests by running their generator in the
// sandbox, once per generator content, into files under a cache folder.
class GeneratedInputs {
 public:
  explicit GeneratedInputs(std::filesystem::path cache_dir);
  // Calls `done` with the input file's path, or with an error message.
  void produce(pysandbox::Pool& pool, const std::filesystem::path& generator,
               std::function<void(std::filesystem::path, std::string)> done);

 private:
  std::filesystem::path cache_dir_;
  using Waiter = std::function<void(std::filesystem::path, std::string)>;
  std::map<std::string, std::filesystem::path> ready_;  // by content hash
  // Generators running now, with whoever waits for them: a generator is
  // run once however many tests ask for it at the same time.
  std::map<std::string, std::vector<Waiter>> running_;
};

class Grader {
 public:
  Grader(pysandbox::Pool& pool, GeneratedInputs& inputs) : pool_(pool), inputs_(inputs) {}

  using TestDone = std::function<void(TestResult)>;
  using Done = std::function<void(GradeReport)>;

  // Runs one test; `done` is called from the pool's poll loop.
  void run_test(const Problem& problem, std::size_t test, const std::string& solution,
                TestDone done);
  // Runs the listed tests (all when empty) and scores them.
  void grade(const Problem& problem, const std::string& solution, Done done,
             std::vector<std::size_t> tests = {});
  // Runs the solution on input the candidate typed (a stdin for standard-
  // input problems, JSON arguments for function problems). There is nothing
  // to compare with: the verdict is the sandbox's ("OK" when it ran through)
  // and `output` what it printed or returned.
  void run_custom(const Problem& problem, const std::string& solution, const std::string& input,
                  TestDone done);

 private:
  void run_with_input(const Problem& problem, std::size_t test, const std::string& solution,
                      const std::filesystem::path& input, TestDone done);

  pysandbox::Pool& pool_;
  GeneratedInputs& inputs_;
};

// A new, private folder under the system's temporary directory. Names
// from getpid() would collide across pid namespaces.
std::filesystem::path make_temp_dir(const std::string& prefix);

// The sandbox's limits for a problem's tests.
pysandbox::Limits limits_for(const Problem& problem);

// Judges one finished run (pure: used by the grader and by the tests).
// `answer` is the .ans text; `nonce` the harness's report marker.
TestResult judge(const Problem& problem, const TestCase& test, const pysandbox::RunResult& run,
                 const std::string& answer, const std::string& nonce);

// The score of a set of judged tests: require_all groups count only when
// every case passed.
double score(const Problem& problem, std::vector<TestResult>& results);

// The function-problem harness (daemon/grading/src/harness.py).
const char* harness_source();

}  // namespace grading
