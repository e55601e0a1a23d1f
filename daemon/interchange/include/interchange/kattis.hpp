// Coding problems in and out of the bank as Kattis problem packages
// (problemformat.org, "legacy" with the 2023-07 `limits.time_limit`).
//
// Export writes what a Kattis judge understands in its own places and keeps
// our problem exactly under `proctor/` (`proctor/problem.yaml`, and every
// file Kattis has no place for under `proctor/files/`), so that importing
// the package back gives the same content hash. What a plain Kattis judge
// would not understand is listed in `notes`. Import takes such a package
// back exactly, or converts a foreign package, reporting every part that
// cannot be carried over: as a warning when the problem stays what its
// author meant, as an error (and nothing is created) when it would not.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "upload/archive.hpp"

namespace interchange {

// Package path ("data/secret/01.in") -> content, sorted by path.
using Files = std::vector<std::pair<std::string, std::string>>;

struct KattisExport {
  Files files;
  std::vector<std::string> notes;  // what a plain Kattis judge would not understand
};

// Throws std::runtime_error, with the loader's issues, for a problem the
// bank could not load.
KattisExport to_kattis(const std::filesystem::path& problem_dir);

// A deterministic zip (deflate, fixed dates) with every file under `root`/.
std::string zip_files(const Files& files, const std::string& root);

struct KattisImport {
  std::string slug;
  bool exact = false;  // came with proctor/problem.yaml: restored, not converted
  std::vector<std::string> warnings;
};

struct KattisRefused {
  std::vector<std::string> errors;
};

using KattisResult = std::variant<KattisImport, KattisRefused>;

// A folder holding problem.yaml and data/ but not our statement.md, with a
// Kattis statement folder or our proctor/ metadata.
bool is_kattis_package(const std::filesystem::path& dir);

// Converts a package already unpacked under upload's rules into `dest`, an
// existing empty folder, and loads the result; on failure `dest` is left
// empty. The slug is `dest`'s name.
KattisResult convert_kattis(const std::filesystem::path& package, const std::filesystem::path& dest,
                            const upload::Limits& limits = {});

// Imports a package (a zip, tar or tar.gz file, or a folder) as
// `coding_dir`/SLUG, SLUG being `slug` or else the archive's top folder or
// the folder's name. Reads it under upload's rules (no "..", links,
// special files, or more than the limits), refuses an existing SLUG, and
// creates nothing unless the whole import succeeds.
KattisResult import_kattis(const std::filesystem::path& source,
                           const std::filesystem::path& coding_dir, std::string slug,
                           const upload::Limits& limits = {});

}  // namespace interchange
