// proctorctl: the operator's tool. Validates the question bank and grades a
// solution against a problem, through the grading library the daemon uses.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "backup.hpp"
#include "grading/grader.hpp"
#include "grading/problem.hpp"
#include "grading/validate.hpp"
#include "interchange/kattis.hpp"
#include "interchange/mcq_formats.hpp"
#include "pysandbox/pool.hpp"

namespace {

constexpr const char* kUsage =
    "usage: proctorctl bank validate [DIR] [--workers N] [--upload-policy] [--cold]\n"
    "       proctorctl grade PROBLEM_DIR SOLUTION.py [--json] [--workers N] [--cold]\n"
    "       proctorctl mcq export SET.yaml --format gift|aiken\n"
    "       proctorctl mcq import FILE --format gift|aiken --set ID [--title TITLE]\n"
    "       proctorctl problem export SLUG|DIR --format kattis -o OUT.zip|OUT_DIR [--bank DIR]\n"
    "       proctorctl problem import PACKAGE.zip|.tar|.tar.gz|DIR --format kattis [--slug S]\n"
    "                                [--bank DIR]\n"
    "       proctorctl backup --data-dir DIR OUT.sqlite\n"
    "\n"
    "bank validate  proves every problem and MCQ set under DIR (default: problems) sound\n"
    "grade          grades one solution; --json prints the report as JSON\n"
    "mcq export     prints an MCQ set as Moodle GIFT or Aiken\n"
    "mcq import     prints a GIFT or Aiken file as an MCQ set (our YAML)\n"
    "               (both list on stderr whatever the target format cannot hold)\n"
    "problem export writes a coding problem (of --bank, default problems) as a Kattis package\n"
    "               and lists what a plain Kattis judge would not understand\n"
    "problem import adds a Kattis package to --bank as coding/SLUG; lists what it could not\n"
    "               carry over, and creates nothing when the package is refused\n"
    "backup         copies DIR's database to OUT.sqlite while proctord runs, and checks it\n"
    "--workers N    sandbox workers (default: the number of cores); each keeps a warm\n"
    "               interpreter unless --cold asks for a fresh python3 per run\n";

struct Arguments {
  std::vector<std::string> positional;
  bool json = false;
  bool upload_policy = false;
  bool cold = false;
  unsigned workers = 0;
  std::string format, set, title, data_dir, output, slug, bank = "problems";
};

Arguments parse(int argc, char** argv) {
  Arguments args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--json") {
      args.json = true;
    } else if (arg == "--upload-policy") {
      args.upload_policy = true;
    } else if (arg == "--cold") {
      args.cold = true;
    } else if ((arg == "--format" || arg == "--set" || arg == "--title") && i + 1 < argc) {
      (arg == "--format" ? args.format : arg == "--set" ? args.set : args.title) = argv[++i];
    } else if ((arg == "-o" || arg == "--slug" || arg == "--bank") && i + 1 < argc) {
      (arg == "-o" ? args.output : arg == "--slug" ? args.slug : args.bank) = argv[++i];
    } else if (arg == "--data-dir" && i + 1 < argc) {
      args.data_dir = argv[++i];
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

pysandbox::Pool::Mode sandbox_mode(const Arguments& args) {
  return args.cold ? pysandbox::Pool::Mode::Cold : pysandbox::Pool::Mode::Warm;
}

int validate_bank(const Arguments& args) {
  const std::string dir = args.positional.size() > 2 ? args.positional[2] : "problems";
  pysandbox::Pool pool(args.workers, sandbox_mode(args));
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
  pysandbox::Pool pool(args.workers, sandbox_mode(args));
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

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Prints what a conversion could not carry over; exits 0 either way, since
// the losses are information, not failure.
void print_losses(const std::vector<std::string>& losses) {
  for (const std::string& loss : losses) std::cerr << "not carried over: " << loss << "\n";
}

int mcq_export(const Arguments& args) {
  if (args.positional.size() != 3) throw std::invalid_argument("mcq export wants one SET.yaml");
  const grading::LoadedMcqSet loaded = grading::load_mcq_set(args.positional[2]);
  if (!loaded.set) {
    for (const grading::Issue& issue : loaded.issues) std::cerr << grading::describe(issue) << "\n";
    return 1;
  }
  interchange::Exported exported;
  if (args.format == "gift") {
    exported = interchange::to_gift(*loaded.set);
  } else if (args.format == "aiken") {
    exported = interchange::to_aiken(*loaded.set);
  } else {
    throw std::invalid_argument("--format wants gift or aiken");
  }
  std::cout << exported.text;
  print_losses(exported.losses);
  return 0;
}

int mcq_import(const Arguments& args) {
  if (args.positional.size() != 3 || args.set.empty()) {
    throw std::invalid_argument("mcq import wants one FILE and --set ID");
  }
  const std::string text = read_text(args.positional[2]);
  const std::string title = args.title.empty() ? args.set : args.title;
  interchange::Imported imported;
  if (args.format == "gift") {
    imported = interchange::from_gift(text, args.set, title);
  } else if (args.format == "aiken") {
    imported = interchange::from_aiken(text, args.set, title);
  } else {
    throw std::invalid_argument("--format wants gift or aiken");
  }
  std::cout << interchange::to_mcq_yaml(imported.set);
  print_losses(imported.losses);
  return 0;
}

void require_kattis(const Arguments& args) {
  if (args.format != "kattis") throw std::invalid_argument("--format wants kattis");
}

// Writes the package as a zip when OUT ends with .zip, else as a new folder.
void write_package(const interchange::Files& files, const std::string& root,
                   const std::filesystem::path& out) {
  if (out.extension() == ".zip") {
    std::ofstream(out, std::ios::binary) << interchange::zip_files(files, root);
    return;
  }
  if (std::filesystem::exists(out)) throw std::runtime_error(out.string() + " exists already");
  for (const auto& [name, content] : files) {
    const std::filesystem::path path = out / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }
}

int problem_export(const Arguments& args) {
  require_kattis(args);
  if (args.positional.size() != 3 || args.output.empty()) {
    throw std::invalid_argument("problem export wants SLUG (or DIR) and -o OUT");
  }
  std::filesystem::path dir = args.positional[2];
  if (!std::filesystem::is_directory(dir)) dir = std::filesystem::path(args.bank) / "coding" / dir;
  const interchange::KattisExport exported = interchange::to_kattis(dir);
  write_package(exported.files, std::filesystem::absolute(dir).lexically_normal().filename(),
                args.output);
  std::cout << "exported " << dir.string() << " to " << args.output << "\n";
  for (const std::string& note : exported.notes) std::cerr << "for Kattis: " << note << "\n";
  return 0;
}

int problem_import(const Arguments& args) {
  require_kattis(args);
  if (args.positional.size() != 3) throw std::invalid_argument("problem import wants one PACKAGE");
  const std::filesystem::path coding = std::filesystem::path(args.bank) / "coding";
  const interchange::KattisResult result =
      interchange::import_kattis(args.positional[2], coding, args.slug);
  if (const auto* refused = std::get_if<interchange::KattisRefused>(&result)) {
    for (const std::string& error : refused->errors) std::cerr << "refused: " << error << "\n";
    return 1;
  }
  const auto& imported = std::get<interchange::KattisImport>(result);
  std::cout << "imported " << (coding / imported.slug).string()
            << (imported.exact ? " (exactly, from proctor/)" : "") << "\n";
  for (const std::string& warning : imported.warnings) std::cerr << "warning: " << warning << "\n";
  return 0;
}

// An online backup: proctord may run and write meanwhile (docs/operations.md).
int backup(const Arguments& args) {
  if (args.positional.size() != 2 || args.data_dir.empty()) {
    throw std::invalid_argument("backup wants --data-dir DIR and OUT.sqlite");
  }
  const std::filesystem::path source = proctorctl::database_in(args.data_dir);
  const proctorctl::BackupSummary done = proctorctl::backup_database(source, args.positional[1]);
  std::cout << "backed up " << source.string() << " to " << args.positional[1]
            << ": schema version " << done.schema_version << ", "
            << done.pages * done.page_size / 1024 << " KiB, integrity ok\n"
            << "copy " << (std::filesystem::path(args.data_dir) / "versions").string() << " and "
            << (std::filesystem::path(args.data_dir) / "bank").string()
            << " with it (docs/operations.md)\n";
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
    if (p.size() >= 2 && p[0] == "mcq" && p[1] == "export") return mcq_export(args);
    if (p.size() >= 2 && p[0] == "mcq" && p[1] == "import") return mcq_import(args);
    if (p.size() >= 2 && p[0] == "problem" && p[1] == "export") return problem_export(args);
    if (p.size() >= 2 && p[0] == "problem" && p[1] == "import") return problem_import(args);
    if (!p.empty() && p[0] == "backup") return backup(args);
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
