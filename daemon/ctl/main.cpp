// proctorctl: the operator's tool. Validates the question bank and grades a
// solution against a problem, through the grading library the daemon uses.
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "grading/grader.hpp"
#include "grading/problem.hpp"
#include "grading/validate.hpp"
#include "pysandbox/pool.hpp"

namespace {

constexpr const char* kUsage =
    "usage: proctorctl bank validate [DIR] [--workers N] [--upload-policy]\n"
    "       proctorctl grade PROBLEM_DIR SOLUTION.py [--json] [--workers N]\n"
    "\n"
    "bank validate  proves every problem and MCQ set under DIR (default: problems) sound\n"
    "grade          grades one solution; --json prints the report as JSON\n";

struct Arguments {
  std::vector<std::string> positional;
  bool json = false;
  bool upload_policy = false;
  unsigned workers = 0;
};

Arguments parse(int argc, char** argv) {
  Arguments args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--json") {
      args.json = true;
    } else if (arg == "--upload-policy") {
      args.upload_policy = true;
    } else if (arg == "--workers" && i + 1 < argc) {
      args.workers = static_cast<unsigned>(std::stoul(argv[++i]));
    } else if (arg.rfind("--", 0) == 0) {
      throw std::invalid_argument("unknown option " + arg);
    } else {
      args.positional.push_back(arg);
    }
  }
  if (args.workers == 0) args.workers = std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN));
  return args;
}

int validate_bank(const Arguments& args) {
  const std::string dir = args.positional.size() > 2 ? args.positional[2] : "problems";
  pysandbox::Pool pool(args.workers);
  const grading::Policy policy = args.upload_policy ? grading::upload_policy() : grading::Policy{};
  return grading::validate(dir, pool, std::cout, policy).ok() ? 0 : 1;
}

void print_table(const grading::GradeReport& report) {
  std::cout << report.problem << ": " << report.score << " / " << report.max_score << "\n";
  for (const grading::TestResult& test : report.tests) {
    std::printf("  %-40s %-18s %6.2f pts %6llu ms %8llu kB  %s\n", test.name.c_str(),
                test.verdict.c_str(), test.points, static_cast<unsigned long long>(test.cpu_ms),
                static_cast<unsigned long long>(test.memory_kb), test.detail.substr(0, 80).c_str());
  }
}

void print_json(const grading::GradeReport& report) {
  nlohmann::ordered_json out;
  out["problem"] = report.problem;
  out["score"] = report.score;
  out["max_score"] = report.max_score;
  out["tests"] = nlohmann::ordered_json::array();
  for (const grading::TestResult& test : report.tests) {
    out["tests"].push_back({{"name", test.name},
                            {"group", test.group},
                            {"verdict", test.verdict},
                            {"points", test.points},
                            {"cpu_ms", test.cpu_ms},
                            {"wall_ms", test.wall_ms},
                            {"memory_kb", test.memory_kb}});
  }
  std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

int grade(const Arguments& args) {
  if (args.positional.size() != 3)
    throw std::invalid_argument("grade needs PROBLEM_DIR SOLUTION.py");
  pysandbox::Pool pool(args.workers);
  grading::LoadedProblem loaded = grading::load_problem(args.positional[1]);
  for (const grading::Issue& issue : loaded.issues) {
    std::cerr << "proctorctl: " << grading::describe(issue) << "\n";
  }
  if (!loaded.problem) return 1;
  const std::string solution = grading::read_file(args.positional[2]);
  const std::filesystem::path cache = grading::make_temp_dir("proctor-grade");
  grading::GeneratedInputs inputs(cache);
  grading::Grader grader(pool, inputs);
  grading::GradeReport report;
  grader.grade(*loaded.problem, solution,
               [&](grading::GradeReport done) { report = std::move(done); });
  pool.run_until_idle();
  std::error_code ignored;
  std::filesystem::remove_all(
      std::filesystem::temp_directory_path() / ("proctor-grade-" + std::to_string(::getpid())),
      ignored);
  if (args.json)
    print_json(report);
  else
    print_table(report);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Arguments args = parse(argc, argv);
    const auto& p = args.positional;
    if (p.size() >= 2 && p[0] == "bank" && p[1] == "validate" && p.size() <= 3)
      return validate_bank(args);
    if (!p.empty() && p[0] == "grade") return grade(args);
    std::cerr << kUsage;
    return 2;
  } catch (const std::invalid_argument& error) {
    std::cerr << "proctorctl: " << error.what() << "\n" << kUsage;
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "proctorctl: " << error.what() << "\n";
    return 1;
  }
}
