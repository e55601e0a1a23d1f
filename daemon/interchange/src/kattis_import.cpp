#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <map>
#include <sstream>

#include "interchange/kattis.hpp"
#include "kattis_files.hpp"

namespace interchange {
namespace fs = std::filesystem;

namespace kattis {

namespace {

// Where a file of an exported package goes back to, or "" when it is one of
// the Kattis-side files (compared afterwards) or has no place in ours.
std::string restored_path(const std::string& name) {
  if (name == "proctor/problem.yaml") return "problem.yaml";
  if (name.starts_with("proctor/files/")) return name.substr(14);
  if (name == "problem_statement/problem.en.md") return "statement.md";
  if (name.starts_with("submissions/")) return name;
  if (name.starts_with("data/") && (name.ends_with(".in") || name.ends_with(".ans"))) return name;
  return "";
}

bool kattis_side_name(const std::string& name) {
  return name == "problem.yaml" || (name.starts_with("data/") && name.ends_with("/testdata.yaml"));
}

}  // namespace

Converted restore_exact(const Files& package) {
  Converted out;
  std::map<std::string, std::string> from;  // restored path -> package path
  for (const auto& [name, content] : package) {
    const std::string path = restored_path(name);
    if (path.empty()) {
      if (!kattis_side_name(name)) {
        out.warnings.push_back(name + ": not carried over (not part of a proctor export)");
      }
      continue;
    }
    if (const auto [at, fresh] = from.emplace(path, name); !fresh) {
      out.errors.push_back(cat(name, ": ", path, " is given twice (also as ", at->second, ")"));
      continue;
    }
    out.files.emplace_back(path, content);
  }
  std::sort(out.files.begin(), out.files.end());
  return out;
}

}  // namespace kattis

namespace {

using kattis::Converted;

std::string raw_validator_flags(const fs::path& dir) {
  const YAML::Node root = YAML::LoadFile((dir / "problem.yaml").string());
  const YAML::Node flags = root["validator_flags"];
  return flags && flags.IsScalar() ? flags.as<std::string>() : "";
}

// Edits made to the Kattis side of an exported package after the export are
// not taken (proctor/ is the truth): say so, file by file.
void compare_kattis_side(const Files& package, const grading::Problem& problem, const fs::path& dir,
                         std::vector<std::string>& warnings) {
  std::map<std::string, std::string> expected;
  for (auto& [name, content] : kattis::kattis_side(problem, raw_validator_flags(dir))) {
    expected[name] = std::move(content);
  }
  for (const auto& [name, content] : package) {
    if (!kattis::kattis_side_name(name)) continue;
    const auto found = expected.find(name);
    if (found == expected.end() || found->second != content) {
      warnings.push_back(name +
                         ": differs from what proctor/problem.yaml and proctor/files/ "
                         "give; edits made after the export are not taken");
    }
  }
}

KattisRefused refused_by(const grading::Issues& issues, const fs::path& dest) {
  KattisRefused refused;
  for (const grading::Issue& issue : issues) {
    refused.errors.push_back(kattis::relative_to(grading::describe(issue), dest));
  }
  return refused;
}

void empty_folder(const fs::path& dir) {
  std::error_code ignored;
  for (const auto& entry : fs::directory_iterator(dir, ignored)) fs::remove_all(entry, ignored);
}

KattisResult write_and_load(Converted converted, const Files& package, bool exact,
                            const fs::path& dest, const upload::Limits& limits) {
  if (!converted.errors.empty()) return KattisRefused{std::move(converted.errors)};
  const auto written = upload::write_files(converted.files, dest, limits);
  if (const auto* error = std::get_if<upload::UnpackError>(&written)) {
    empty_folder(dest);
    return KattisRefused{{error->message}};
  }
  const grading::LoadedProblem loaded = grading::load_problem(dest);
  if (!loaded.problem) {
    empty_folder(dest);
    return refused_by(loaded.issues, dest);
  }
  KattisImport imported{dest.filename().string(), exact, std::move(converted.warnings)};
  // What the loader could not fault but would not publish either (too few
  // tests, no solution) is the validation's to refuse; say it now too.
  for (const grading::Issue& issue : loaded.issues) {
    imported.warnings.push_back(kattis::relative_to(grading::describe(issue), dest));
  }
  if (exact) compare_kattis_side(package, *loaded.problem, dest, imported.warnings);
  return imported;
}

bool valid_slug(const std::string& slug) {
  if (slug.empty() || slug.size() > 64 || slug.front() == '-') return false;
  return slug.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
}

// A folder of our own beside the target, removed whatever happens.
class Scratch {
 public:
  Scratch(const fs::path& parent, const std::string& what)
      : path_(parent / ("." + what + "-" + std::to_string(::getpid()))) {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
    fs::create_directories(path_);
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read_archive(const fs::path& source, const upload::Limits& limits) {
  const std::uintmax_t size = fs::file_size(source);
  if (size > limits.max_total_bytes) {
    throw std::runtime_error(source.string() + ": over " + std::to_string(limits.max_total_bytes) +
                             " bytes");
  }
  return grading::read_file(source);
}

// Unpacks (or copies) the source into `into` under upload's rules; returns
// the default slug, or why it was refused.
std::variant<std::string, KattisRefused> unpack_source(const fs::path& source, const fs::path& into,
                                                       const upload::Limits& limits) {
  std::variant<upload::Unpacked, upload::UnpackError> result;
  std::string slug;
  try {
    if (fs::is_directory(fs::symlink_status(source))) {
      result = upload::write_files(kattis::read_tree(source, limits), into, limits);
      fs::path folder = fs::absolute(source).lexically_normal();
      if (folder.filename().empty()) folder = folder.parent_path();  // "dir/"
      slug = folder.filename().string();
    } else {
      result = upload::unpack(read_archive(source, limits), into, limits);
    }
  } catch (const std::exception& failure) {
    return KattisRefused{{failure.what()}};
  }
  if (const auto* error = std::get_if<upload::UnpackError>(&result)) {
    return KattisRefused{{error->message}};
  }
  const std::string root = std::get<upload::Unpacked>(result).root;
  return root.empty() ? slug : root;
}

}  // namespace

bool is_kattis_package(const fs::path& dir) {
  if (!fs::is_regular_file(dir / "problem.yaml") || !fs::is_directory(dir / "data")) return false;
  if (fs::exists(dir / "statement.md")) return false;  // our own layout
  return fs::is_directory(dir / "problem_statement") || fs::is_directory(dir / "statement") ||
         fs::is_regular_file(dir / "proctor" / "problem.yaml");
}

KattisResult convert_kattis(const fs::path& package, const fs::path& dest,
                            const upload::Limits& limits) {
  Files files;
  try {
    files = kattis::read_tree(package, limits);
  } catch (const std::exception& failure) {
    return KattisRefused{{failure.what()}};
  }
  const bool exact = std::any_of(files.begin(), files.end(), [](const auto& file) {
    return file.first == "proctor/problem.yaml";
  });
  Converted converted = exact ? kattis::restore_exact(files) : kattis::convert_foreign(files);
  return write_and_load(std::move(converted), files, exact, dest, limits);
}

KattisResult import_kattis(const fs::path& source, const fs::path& coding_dir, std::string slug,
                           const upload::Limits& limits) {
  if (!fs::exists(fs::symlink_status(source)))
    return KattisRefused{{source.string() + ": missing"}};
  fs::create_directories(coding_dir);
  const Scratch unpacked(coding_dir, "kattis-unpacked");
  auto named = unpack_source(source, unpacked.path(), limits);
  if (auto* refused = std::get_if<KattisRefused>(&named)) return std::move(*refused);
  if (slug.empty()) slug = std::get<std::string>(named);
  if (!valid_slug(slug)) {
    return KattisRefused{
        {"the slug '" + slug.substr(0, 80) + "' is not 1 to 64 of a-z, 0-9 and '-': give --slug"}};
  }
  const fs::path target = coding_dir / slug;
  if (fs::exists(fs::symlink_status(target))) {
    return KattisRefused{{target.string() + ": exists already; remove it first"}};
  }
  if (!is_kattis_package(unpacked.path())) {
    return KattisRefused{
        {"not a Kattis package: it needs problem.yaml, data/ and a "
         "problem_statement/ (or proctor/) folder at its top"}};
  }
  const Scratch staged(coding_dir, slug + ".importing");
  KattisResult result = convert_kattis(unpacked.path(), staged.path(), limits);
  if (auto* imported = std::get_if<KattisImport>(&result)) {
    fs::rename(staged.path(), target);  // whole or not at all
    imported->slug = slug;
  }
  return result;
}

}  // namespace interchange
