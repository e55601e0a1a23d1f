#include <sqlite3.h>

#include <mutex>

#include "proctord/store.hpp"

namespace proctord {

const char* role_name(Role role) {
  switch (role) {
    case Role::Admin: return "admin";
    case Role::Recruiter: return "recruiter";
    case Role::Author: return "author";
  }
  return "recruiter";
}

std::optional<Role> parse_role(const std::string& name) {
  if (name == "admin") return Role::Admin;
  if (name == "recruiter") return Role::Recruiter;
  if (name == "author") return Role::Author;
  return std::nullopt;
}

namespace {

// The schema, one step per version. Portable SQL (SQLite and PostgreSQL):
// BIGINT keys, TEXT, no vendor types; times are Unix milliseconds.
const char* const kMigrations[] = {
    // 1: accounts and sessions
    "CREATE TABLE accounts ("
    "  id INTEGER PRIMARY KEY,"
    "  email TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('admin', 'recruiter', 'author')),"
    "  password_hash TEXT NOT NULL,"
    "  created_at BIGINT NOT NULL);"
    "CREATE TABLE sessions ("
    "  token_hash TEXT PRIMARY KEY,"
    "  account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
    "  csrf_token TEXT NOT NULL,"
    "  expires_at BIGINT NOT NULL);"
    "CREATE INDEX sessions_by_expiry ON sessions(expires_at);",
};

class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement_, nullptr) != SQLITE_OK) {
      throw StoreError(std::string("preparing SQL: ") + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, const std::string& text) {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int index, std::int64_t value) {
    sqlite3_bind_int64(statement_, index, value);
    return *this;
  }
  // True while there is a row.
  bool step() {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    if (rc == SQLITE_CONSTRAINT) throw Conflict(sqlite3_errmsg(sqlite3_db_handle(statement_)));
    throw StoreError(sqlite3_errmsg(sqlite3_db_handle(statement_)));
  }
  std::string text(int column) {
    const auto* data = sqlite3_column_text(statement_, column);
    return data ? std::string(reinterpret_cast<const char*>(data),
                              static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)))
                : std::string();
  }
  std::int64_t integer(int column) { return sqlite3_column_int64(statement_, column); }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
      const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw StoreError("opening " + path + ": " + why);
    }
    sqlite3_busy_timeout(db_, 5000);
    // WAL for readers beside the writer; FULL sync so that a commit is on
    // disk before we say so, even if the machine loses power.
    exec("PRAGMA journal_mode = WAL;");
    exec("PRAGMA synchronous = FULL;");
    exec("PRAGMA foreign_keys = ON;");
  }
  ~SqliteStore() override { sqlite3_close(db_); }
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  int migrate() override {
    const std::lock_guard lock(mutex_);
    exec("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL);");
    int version = current_version();
    const int latest = static_cast<int>(std::size(kMigrations));
    while (version < latest) {
      exec("BEGIN IMMEDIATE;");
      try {
        exec(kMigrations[version]);
        exec("DELETE FROM schema_version;");
        Statement set(db_, "INSERT INTO schema_version (version) VALUES (?);");
        set.bind(1, std::int64_t{version + 1}).step();
        exec("COMMIT;");
      } catch (...) {
        exec("ROLLBACK;");
        throw;
      }
      ++version;
    }
    return version;
  }

  int schema_version() override {
    const std::lock_guard lock(mutex_);
    return current_version();
  }

  std::int64_t create_account(const Account& a) override {
    const std::lock_guard lock(mutex_);
    Statement insert(db_,
                     "INSERT INTO accounts (email, name, role, password_hash, created_at) "
                     "VALUES (?, ?, ?, ?, ?);");
    insert.bind(1, a.email).bind(2, a.name).bind(3, std::string(role_name(a.role)));
    insert.bind(4, a.password_hash).bind(5, a.created_at).step();
    return sqlite3_last_insert_rowid(db_);
  }

  std::optional<Account> find_account(std::int64_t id) override {
    const std::lock_guard lock(mutex_);
    Statement select(db_, std::string(kSelectAccount) + " WHERE id = ?;");
    select.bind(1, id);
    return select.step() ? std::optional(account(select)) : std::nullopt;
  }

  std::optional<Account> find_account_by_email(const std::string& email) override {
    const std::lock_guard lock(mutex_);
    Statement select(db_, std::string(kSelectAccount) + " WHERE email = ?;");
    select.bind(1, email);
    return select.step() ? std::optional(account(select)) : std::nullopt;
  }

  std::vector<Account> list_accounts() override {
    const std::lock_guard lock(mutex_);
    Statement select(db_, std::string(kSelectAccount) + " ORDER BY id;");
    std::vector<Account> accounts;
    while (select.step()) accounts.push_back(account(select));
    return accounts;
  }

  std::int64_t count_accounts() override {
    const std::lock_guard lock(mutex_);
    Statement count(db_, "SELECT COUNT(*) FROM accounts;");
    count.step();
    return count.integer(0);
  }

  void create_session(const Session& s) override {
    const std::lock_guard lock(mutex_);
    Statement insert(db_,
                     "INSERT INTO sessions (token_hash, account_id, csrf_token, expires_at) "
                     "VALUES (?, ?, ?, ?);");
    insert.bind(1, s.token_hash).bind(2, s.account_id).bind(3, s.csrf_token).bind(4, s.expires_at);
    insert.step();
  }

  std::optional<Session> find_session(const std::string& token_hash) override {
    const std::lock_guard lock(mutex_);
    Statement select(db_,
                     "SELECT token_hash, account_id, csrf_token, expires_at FROM sessions "
                     "WHERE token_hash = ?;");
    select.bind(1, token_hash);
    if (!select.step()) return std::nullopt;
    return Session{select.text(0), select.integer(1), select.text(2), select.integer(3)};
  }

  void delete_session(const std::string& token_hash) override {
    const std::lock_guard lock(mutex_);
    Statement remove(db_, "DELETE FROM sessions WHERE token_hash = ?;");
    remove.bind(1, token_hash).step();
  }

  void delete_expired_sessions(std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    Statement remove(db_, "DELETE FROM sessions WHERE expires_at <= ?;");
    remove.bind(1, now).step();
  }

 private:
  static constexpr const char* kSelectAccount =
      "SELECT id, email, name, role, password_hash, created_at FROM accounts";

  static Account account(Statement& row) {
    Account a;
    a.id = row.integer(0);
    a.email = row.text(1);
    a.name = row.text(2);
    a.role = parse_role(row.text(3)).value_or(Role::Recruiter);
    a.password_hash = row.text(4);
    a.created_at = row.integer(5);
    return a;
  }

  void exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string why = error ? error : "unknown error";
      sqlite3_free(error);
      throw StoreError(why);
    }
  }

  int current_version() {
    Statement select(db_, "SELECT version FROM schema_version;");
    return select.step() ? static_cast<int>(select.integer(0)) : 0;
  }

  std::mutex mutex_;
  sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const std::string& path) {
  auto store = std::make_unique<SqliteStore>(path);
  store->migrate();
  return store;
}

}  // namespace proctord
