#include "grading/grader.hpp"

#include <sodium.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "harness.hpp"

namespace grading {
namespace fs = std::filesystem;
using pysandbox::RunResult;

const char* harness_source() {
  return kHarness;
}

namespace {

constexpr std::size_t kShownBytes = std::size_t{64} * 1024;

std::string random_nonce() {
  unsigned char bytes[12];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * sizeof bytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string("@@") + hex + "@@";
}

std::string sha256_hex(const std::string& data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[2 * sizeof digest + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string group_name(const Problem& problem, const TestCase& test) {
  if (test.sample) return "sample";
  if (test.group < 0) return "secret";
  return problem.groups[static_cast<std::size_t>(test.group)].name;
}

std::string clip(const std::string& text) {
  return text.size() <= kShownBytes ? text : text.substr(0, kShownBytes);
}

// The last line of stdout that starts with the nonce: the harness's report.
std::optional<std::string> find_report(const std::string& out, const std::string& nonce) {
  std::optional<std::string> found;
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    if (out.compare(start, nonce.size(), nonce) == 0) {
      found = out.substr(start + nonce.size(), end - start - nonce.size());
    }
    start = end + 1;
  }
  return found;
}

// {"raises": "ValueError"} as the expected answer: the call must raise it.
std::optional<std::string> expected_exception(const JsonValue& expected) {
  if (expected.type != JsonValue::Type::Object || expected.keys.size() != 1) return {};
  const JsonValue* raised = expected.find("raises");
  if (raised == nullptr || raised->type != JsonValue::Type::String) return {};
  return raised->text;
}

void judge_function(const Problem& problem, const RunResult& run, const std::string& answer,
                    const std::string& nonce, TestResult& result) {
  const std::optional<std::string> report = find_report(run.stdout_data, nonce);
  if (!report) {
    result.verdict = "RUNTIME_ERROR";
    result.detail = "the solution ended the program before returning a result";
    return;
  }
  JsonValue got;
  JsonValue expected;
  try {
    got = parse_json(*report);
    expected = parse_json(answer);
  } catch (const std::exception& error) {
    result.verdict = "RUNTIME_ERROR";
    result.detail = std::string("the result could not be read: ") + error.what();
    return;
  }
  const auto field = [&](const char* name) { return got.find(name); };
  const JsonValue* status = field("status");
  const std::string state = status ? status->text : "";
  const std::optional<std::string> must_raise = expected_exception(expected);
  if (state == "raised") {
    const JsonValue* error = field("error");
    const JsonValue* message = field("message");
    const std::string name = error ? error->text : "an exception";
    if (must_raise && *must_raise == name) {
      result.verdict = "ACCEPTED";
    } else if (name == "MemoryError") {
      result.verdict = "MEMORY_LIMIT";
      result.detail = "Python raised MemoryError";
    } else if (must_raise) {
      result.verdict = "WRONG_ANSWER";
      result.detail = "expected " + *must_raise + " to be raised, got " + name;
    } else {
      result.verdict = "RUNTIME_ERROR";
      result.detail =
          "raised " + name + (message && !message->text.empty() ? ": " + message->text : "");
    }
    return;
  }
  if (state != "ok") {
    const JsonValue* message = field("message");
    result.verdict = "RUNTIME_ERROR";
    result.detail = message ? message->text : "the harness reported no result";
    return;
  }
  const JsonValue* value = field("value");
  const JsonValue none;
  result.output = to_text(value ? *value : none, kShownBytes);
  if (must_raise) {
    result.verdict = "WRONG_ANSWER";
    result.detail = "expected " + *must_raise + " to be raised, but it returned " +
                    to_text(value ? *value : none, 60);
    return;
  }
  const Verdict same = compare_json(value ? *value : none, expected, problem.json_rules);
  result.verdict = same.accepted ? "ACCEPTED" : "WRONG_ANSWER";
  result.detail = same.why;
}

}  // namespace

fs::path make_temp_dir(const std::string& prefix) {
  std::string pattern = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot create a temporary folder for " + prefix);
  }
  return pattern;
}

pysandbox::Limits limits_for(const Problem& problem) {
  pysandbox::Limits limits;
  limits.cpu_ms = static_cast<std::uint64_t>(std::ceil(problem.time_limit_s * 1000));
  // Wall time allows for waiting (sleeps, asyncio) and a loaded machine.
  limits.wall_ms = std::max<std::uint64_t>(limits.cpu_ms * 3, limits.cpu_ms + 3000);
  limits.memory_mb = problem.memory_mb;
  limits.output_kb = std::uint64_t{problem.output_mb} * 1024;
  return limits;
}

TestResult judge(const Problem& problem, const TestCase& test, const RunResult& run,
                 const std::string& answer, const std::string& nonce) {
  TestResult result;
  result.name = test.name;
  result.group = group_name(problem, test);
  result.cpu_ms = run.cpu_ms;
  result.wall_ms = run.wall_ms;
  result.memory_kb = run.memory_kb;
  result.error = clip(run.stderr_data);
  if (run.verdict != pysandbox::Verdict::Ok) {
    result.verdict = pysandbox::verdict_name(run.verdict);
    result.detail = run.detail;
    result.output = clip(run.stdout_data);
    return result;
  }
  if (problem.kind == ProblemKind::Stdio) {
    result.output = clip(run.stdout_data);
    const Verdict same = compare_tokens(run.stdout_data, answer, problem.output_rules);
    result.verdict = same.accepted ? "ACCEPTED" : "WRONG_ANSWER";
    result.detail = same.why;
    return result;
  }
  judge_function(problem, run, answer, nonce, result);
  return result;
}

double score(const Problem& problem, std::vector<TestResult>& results) {
  std::vector<bool> group_passed(problem.groups.size(), true);
  for (std::size_t i = 0; i < results.size(); ++i) {
    const TestCase& test = problem.tests[i];
    if (test.group >= 0 && results[i].verdict != "ACCEPTED") {
      group_passed[static_cast<std::size_t>(test.group)] = false;
    }
  }
  double total = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const TestCase& test = problem.tests[i];
    bool counts = !test.sample && results[i].verdict == "ACCEPTED";
    if (counts && test.group >= 0 &&
        problem.groups[static_cast<std::size_t>(test.group)].require_all) {
      counts = group_passed[static_cast<std::size_t>(test.group)];
    }
    results[i].points = counts ? test.points : 0;
    total += results[i].points;
  }
  return std::round(total * 1e6) / 1e6;
}

// ------------------------------------------------------- generated inputs

GeneratedInputs::GeneratedInputs(fs::path cache_dir) : cache_dir_(std::move(cache_dir)) {
  fs::create_directories(cache_dir_);
}

void GeneratedInputs::produce(pysandbox::Pool& pool, const fs::path& generator,
                              std::function<void(fs::path, std::string)> done) {
  const std::string source = read_file(generator);
  const std::string hash = sha256_hex(source);
  if (const auto found = ready_.find(hash); found != ready_.end()) {
    // An operator may clear the cache while we run: then it is made again.
    if (fs::exists(found->second)) {
      done(found->second, "");
      return;
    }
    ready_.erase(found);
  }
  std::vector<Waiter>& waiters = running_[hash];
  waiters.push_back(std::move(done));
  if (waiters.size() > 1) return;  // already running
  pysandbox::PoolJob job;
  job.request.box_files.push_back({"main.py", source});
  // Generators are author code: they run in the sandbox like any other,
  // with room for inputs of up to 100 MiB.
  job.request.limits.cpu_ms = 20000;
  job.request.limits.wall_ms = 60000;
  job.request.limits.memory_mb = 1024;
  job.request.limits.output_kb = std::uint64_t{110} * 1024;
  const fs::path target = cache_dir_ / (hash + ".in");
  pool.submit(std::move(job), [this, hash, target, generator](const RunResult& run) {
    std::string error;
    if (run.verdict != pysandbox::Verdict::Ok) {
      error = generator.string() +
              ": the generator failed: " + pysandbox::verdict_name(run.verdict) + " " + run.detail +
              " " + run.stderr_data.substr(0, 500);
    } else {
      std::ofstream out(target, std::ios::binary);
      out << run.stdout_data;
      out.close();
      if (!out) error = "cannot write " + target.string();
    }
    if (error.empty()) ready_[hash] = target;
    const std::vector<Waiter> ready = std::move(running_[hash]);
    running_.erase(hash);
    for (const Waiter& waiter : ready) waiter(error.empty() ? target : fs::path(), error);
  });
}

// ------------------------------------------------------------- the grader

void Grader::run_test(const Problem& problem, std::size_t index, const std::string& solution,
                      TestDone done) {
  const TestCase& test = problem.tests.at(index);
  if (test.generator.empty()) {
    run_with_input(problem, index, solution, test.input, std::move(done));
    return;
  }
  inputs_.produce(pool_, test.generator,
                  [this, &problem, index, solution, done = std::move(done)](
                      const fs::path& input, const std::string& error) {
                    if (!error.empty()) {
                      TestResult failed;
                      failed.name = problem.tests[index].name;
                      failed.group = group_name(problem, problem.tests[index]);
                      failed.verdict = "INTERNAL_ERROR";
                      failed.detail = error;
                      done(std::move(failed));
                      return;
                    }
                    run_with_input(problem, index, solution, input, done);
                  });
}

namespace {

// The sandbox job that runs `solution` for a problem: on its own for
// standard-input problems, under our harness for function and class ones
// (`nonce` then marks the harness's report line).
pysandbox::PoolJob solution_job(const Problem& problem, const std::string& solution,
                                const std::string& nonce) {
  pysandbox::PoolJob job;
  job.request.limits = limits_for(problem);
  if (problem.kind == ProblemKind::Stdio) {
    job.request.box_files.push_back({"main.py", solution});
    return job;
  }
  job.request.box_files.push_back({"main.py", harness_source()});
  job.request.box_files.push_back({"solution.py", solution});
  if (problem.driver) job.request.box_files.push_back({"driver.py", *problem.driver});
  const nlohmann::json header = {{"nonce", nonce},
                                 {"kind", kind_name(problem.kind)},
                                 {"entry", problem.entry},
                                 {"driver", problem.driver.has_value()}};
  job.request.stdin_data = header.dump() + "\n";
  return job;
}

}  // namespace

void Grader::run_with_input(const Problem& problem, std::size_t index, const std::string& solution,
                            const fs::path& input, TestDone done) {
  const TestCase& test = problem.tests[index];
  const std::string nonce = problem.kind == ProblemKind::Stdio ? "" : random_nonce();
  pysandbox::PoolJob job = solution_job(problem, solution, nonce);
  if (problem.kind == ProblemKind::Stdio) {
    job.stdin_path = input.string();
  } else {
    job.request.stdin_data += read_file(input);
  }
  if (!test.files.empty()) {
    for (const auto& entry : fs::directory_iterator(test.files)) {
      if (entry.is_regular_file()) {
        job.request.scratch_files.push_back(
            {entry.path().filename().string(), entry.path().string()});
      }
    }
  }
  pool_.submit(std::move(job), [&problem, &test, nonce, done = std::move(done)](RunResult run) {
    std::string answer;
    try {
      answer = read_file(test.answer);
    } catch (const std::exception& error) {
      run.verdict = pysandbox::Verdict::InternalError;
      run.detail = error.what();
    }
    done(judge(problem, test, run, answer, nonce));
  });
}

void Grader::run_custom(const Problem& problem, const std::string& solution,
                        const std::string& input, TestDone done) {
  const std::string nonce = problem.kind == ProblemKind::Stdio ? "" : random_nonce();
  pysandbox::PoolJob job = solution_job(problem, solution, nonce);
  job.request.stdin_data += input;
  pool_.submit(std::move(job), [&problem, nonce, done = std::move(done)](const RunResult& run) {
    TestCase custom;
    custom.name = "custom";
    custom.sample = true;
    // Judged against a null answer only to read the harness's report; the
    // comparison itself means nothing here.
    TestResult result = judge(problem, custom, run, "null", nonce);
    if (result.verdict == "ACCEPTED" || result.verdict == "WRONG_ANSWER") {
      result.verdict = "OK";
      result.detail.clear();
    }
    done(std::move(result));
  });
}

void Grader::grade(const Problem& problem, const std::string& solution, Done done,
                   std::vector<std::size_t> tests) {
  if (tests.empty()) {
    for (std::size_t i = 0; i < problem.tests.size(); ++i) tests.push_back(i);
  }
  struct State {
    std::vector<TestResult> results;
    std::size_t remaining;
    Done done;
  };
  if (tests.empty()) {
    done(GradeReport{problem.slug, 0, problem.points, {}});
    return;
  }
  auto state = std::make_shared<State>();
  state->results.resize(problem.tests.size());
  state->remaining = tests.size();
  state->done = std::move(done);
  for (std::size_t i = 0; i < problem.tests.size(); ++i) {
    state->results[i].name = problem.tests[i].name;
    state->results[i].group = group_name(problem, problem.tests[i]);
    state->results[i].verdict = "SKIPPED";
  }
  for (const std::size_t index : tests) {
    run_test(problem, index, solution, [state, &problem, index](TestResult result) {
      state->results[index] = std::move(result);
      if (--state->remaining > 0) return;
      GradeReport report;
      report.problem = problem.slug;
      report.max_score = problem.points;
      report.score = score(problem, state->results);
      report.tests = std::move(state->results);
      state->done(std::move(report));
    });
  }
}

}  // namespace grading
