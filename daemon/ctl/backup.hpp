// proctorctl backup: a consistent copy of proctord's SQLite database, taken
// with SQLite's online backup API while proctord runs and writes.
#pragma once

#include <cstdint>
#include <filesystem>

namespace proctorctl {

// Where proctord keeps its database in a data folder (daemon/server main.cpp).
std::filesystem::path database_in(const std::filesystem::path& data_dir);

struct BackupSummary {
  int schema_version = 0;
  std::int64_t pages = 0;
  std::int64_t page_size = 0;
};

// Copies `source` to `out` as one snapshot, checks the copy's integrity and
// only then puts it in place (through `out`.partial, renamed): a file at
// `out` is always a complete, checked backup. Throws std::runtime_error.
BackupSummary backup_database(const std::filesystem::path& source,
                              const std::filesystem::path& out);

}  // namespace proctorctl
