// A problem folder as an author uploads it: grading::load_problem must
// report every mistake as an issue, never throw or crash. The input is cut
// into files at each "\n--8<--\n": problem.yaml first, then the statement,
// the tests and a driver, in the order of kFiles, so that the fuzzer
// reaches the test folders, the groups and the JSON answers too.
#include <unistd.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

#include "fuzz_check.hpp"
#include "grading/problem.hpp"

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSeparator = "\n--8<--\n";
constexpr std::array<const char*, 10> kFiles = {"problem.yaml",
                                                "statement.md",
                                                "data/sample/1.in",
                                                "data/sample/1.ans",
                                                "data/secret/1.in",
                                                "data/secret/1.ans",
                                                "data/secret/g/testdata.yaml",
                                                "data/secret/g/1.in",
                                                "data/secret/g/1.ans",
                                                "driver.py"};

// A private folder for this process, removed when it exits normally.
class Scratch {
 public:
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "proctor-problem-fuzz-XXXXXX").string();
    fuzz::require(::mkdtemp(pattern.data()) != nullptr, "a scratch folder can be made");
    root_ = pattern;
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  // An empty problem folder, named like a bank slug.
  [[nodiscard]] fs::path fresh() const {
    const fs::path dir = root_ / "fuzzed";
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
  }

 private:
  fs::path root_;
};

void write(const fs::path& path, std::string_view content) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

// Each piece of the input into its file; files past the last piece are
// left out, as an author may leave them out.
void lay_out(const fs::path& dir, std::string_view input) {
  for (const char* file : kFiles) {
    const std::size_t end = input.find(kSeparator);
    write(dir / file, input.substr(0, end));
    if (end == std::string_view::npos) return;
    input.remove_prefix(end + kSeparator.size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Scratch scratch;
  const fs::path dir = scratch.fresh();
  lay_out(dir, std::string_view(reinterpret_cast<const char*>(data), size));
  const grading::LoadedProblem loaded = grading::load_problem(dir);
  for (const grading::Issue& issue : loaded.issues) (void)grading::describe(issue);
  if (loaded.problem) {
    fuzz::require(!loaded.problem->content_hash.empty(), "a usable problem has its hash");
    fuzz::require(!loaded.problem->name.empty(), "a usable problem has a name");
  }
  return 0;
}
