#include "backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>

namespace proctorctl {
namespace {

namespace fs = std::filesystem;

// An open database that closes itself.
class Connection {
 public:
  Connection(const fs::path& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error("cannot open " + path.string() + ": " + why);
    }
    // proctord holds its write lock only while it commits; wait that out.
    sqlite3_busy_timeout(db_, 5000);
  }
  ~Connection() { sqlite3_close(db_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  [[nodiscard]] sqlite3* get() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// The first column of the first row of `sql`, as text ("" without a row).
std::string first_value(sqlite3* db, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) {
    throw std::runtime_error(std::string(sql) + ": " + sqlite3_errmsg(db));
  }
  std::string text;
  if (sqlite3_step(statement) == SQLITE_ROW) {
    const unsigned char* value = sqlite3_column_text(statement, 0);
    if (value != nullptr) text = reinterpret_cast<const char*>(value);
  }
  sqlite3_finalize(statement);
  return text;
}

// One step of -1 pages copies the whole database inside one read
// transaction on the source, so the copy is one snapshot. In WAL mode
// (proctord's) that read transaction neither blocks proctord's writers nor
// is disturbed by them. Smaller steps would instead start over whenever
// proctord committed between two of them, which under a steady stream of
// autosaves might never end.
std::int64_t copy_pages(sqlite3* source, sqlite3* destination) {
  sqlite3_backup* backup = sqlite3_backup_init(destination, "main", source, "main");
  if (backup == nullptr) {
    throw std::runtime_error(std::string("cannot start the backup: ") +
                             sqlite3_errmsg(destination));
  }
  // Busy: a checkpoint or recovery holds a lock the busy handler gave up on.
  int rc = SQLITE_BUSY;
  for (int attempt = 0; attempt < 50 && (rc == SQLITE_BUSY || rc == SQLITE_LOCKED); ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    rc = sqlite3_backup_step(backup, -1);
  }
  const std::int64_t pages = sqlite3_backup_pagecount(backup);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    throw std::runtime_error(std::string("the backup failed: ") + sqlite3_errstr(rc));
  }
  return pages;
}

// The copy is checked before it is trusted: the whole file's integrity, and
// that it is proctord's (a schema version to migrate from on restore).
BackupSummary check_copy(sqlite3* copy, std::int64_t pages) {
  // One self-contained file, readable even where no -wal or -shm can be
  // made (a read-only mount); proctord turns WAL back on when it opens it.
  first_value(copy, "PRAGMA journal_mode = DELETE;");
  const std::string integrity = first_value(copy, "PRAGMA integrity_check;");
  if (integrity != "ok") throw std::runtime_error("the copy failed its check: " + integrity);
  std::string version;
  try {
    version = first_value(copy, "SELECT version FROM schema_version;");
  } catch (const std::runtime_error&) {
  }
  if (version.empty()) throw std::runtime_error("this is not proctord's database (no version)");
  return {std::stoi(version), pages, std::stoll(first_value(copy, "PRAGMA page_size;"))};
}

// The copy must be on disk before its name says it is a backup.
void sync_path(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int err = errno;
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot sync " + path.string() + ": " + std::strerror(err));
  }
  ::close(fd);
}

}  // namespace

fs::path database_in(const fs::path& data_dir) {
  return data_dir / "proctord.db";
}

BackupSummary backup_database(const fs::path& source, const fs::path& out) {
  if (!fs::is_regular_file(source)) throw std::runtime_error("no database at " + source.string());
  std::error_code ec;
  if (fs::equivalent(source, out, ec)) {
    throw std::runtime_error(out.string() + " is the database itself");
  }
  const fs::path partial = out.string() + ".partial";
  fs::remove(partial, ec);  // left by a backup that was killed
  try {
    BackupSummary summary;
    {
      // Read-only: a backup never changes the database it copies.
      const Connection from(source, SQLITE_OPEN_READONLY);
      const Connection to(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
      summary = check_copy(to.get(), copy_pages(from.get(), to.get()));
    }
    sync_path(partial, O_RDONLY);
    fs::rename(partial, out);
    const fs::path folder = out.has_parent_path() ? out.parent_path() : fs::path(".");
    sync_path(folder, O_RDONLY | O_DIRECTORY);
    return summary;
  } catch (...) {
    fs::remove(partial, ec);
    throw;
  }
}

}  // namespace proctorctl
