// An MCQ set file as an author uploads it: grading::load_mcq_set must
// report every mistake as an issue, never throw or crash, and a set it
// accepts must keep the bank's rules.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "fuzz_check.hpp"
#include "grading/mcq.hpp"

namespace {

namespace fs = std::filesystem;

// A private file for this process, removed when it exits normally.
class ScratchFile {
 public:
  ScratchFile() {
    std::string pattern = (fs::temp_directory_path() / "proctor-mcq-fuzz-XXXXXX").string();
    fuzz::require(::mkdtemp(pattern.data()) != nullptr, "a scratch folder can be made");
    folder_ = pattern;
  }
  ~ScratchFile() {
    std::error_code ignored;
    fs::remove_all(folder_, ignored);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  [[nodiscard]] fs::path write(const std::uint8_t* data, std::size_t size) const {
    const fs::path path = folder_ / "set.yaml";
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
  }

 private:
  fs::path folder_;
};

void check_set(const grading::McqSet& set) {
  fuzz::require(!set.questions.empty(), "an accepted set has questions");
  for (const grading::McqQuestion& q : set.questions) {
    fuzz::require(q.options.size() >= 3 && q.options.size() <= 5, "3 to 5 options");
    fuzz::require(!q.id.empty(), "a question has an id");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ScratchFile scratch;
  const grading::LoadedMcqSet loaded = grading::load_mcq_set(scratch.write(data, size));
  for (const grading::Issue& issue : loaded.issues) (void)grading::describe(issue);
  if (loaded.set) check_set(*loaded.set);
  return 0;
}
