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
    // 2: assessments, their pinned items, and invitations (= attempts)
    "CREATE TABLE assessments ("
    "  id INTEGER PRIMARY KEY,"
    "  title TEXT NOT NULL,"
    "  created_by BIGINT NOT NULL REFERENCES accounts(id),"
    "  duration_s BIGINT NOT NULL CHECK (duration_s > 0),"
    "  pass_mark DOUBLE PRECISION NOT NULL,"
    "  negative_marking INTEGER NOT NULL,"
    "  show_sample_results INTEGER NOT NULL,"
    "  created_at BIGINT NOT NULL);"
    "CREATE TABLE assessment_items ("
    "  assessment_id BIGINT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('problem', 'mcq')),"
    "  ref TEXT NOT NULL,"
    "  version TEXT NOT NULL,"
    "  points DOUBLE PRECISION NOT NULL,"
    "  PRIMARY KEY (assessment_id, position));"
    "CREATE TABLE invitations ("
    "  id INTEGER PRIMARY KEY,"
    "  assessment_id BIGINT NOT NULL REFERENCES assessments(id),"
    "  candidate_name TEXT NOT NULL,"
    "  candidate_email TEXT NOT NULL,"
    "  token_hash TEXT NOT NULL UNIQUE,"
    "  expires_at BIGINT NOT NULL,"
    "  extra_time_pct INTEGER NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('invited', 'started', 'submitted', 'expired', "
    "'revoked')),"
    "  created_at BIGINT NOT NULL,"
    "  started_at BIGINT NOT NULL DEFAULT 0,"
    "  deadline_at BIGINT NOT NULL DEFAULT 0,"
    "  submitted_at BIGINT NOT NULL DEFAULT 0);"
    "CREATE INDEX invitations_by_assessment ON invitations(assessment_id);",
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
  Statement& bind(int index, double value) {
    sqlite3_bind_double(statement_, index, value);
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
  double real(int column) { return sqlite3_column_double(statement_, column); }

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

  std::int64_t create_assessment(const Assessment& a) override {
    const std::lock_guard lock(mutex_);
    exec("BEGIN IMMEDIATE;");
    try {
      Statement insert(
          db_,
          "INSERT INTO assessments (title, created_by, duration_s, pass_mark, "
          "negative_marking, show_sample_results, created_at) VALUES (?, ?, ?, ?, ?, ?, ?);");
      insert.bind(1, a.title).bind(2, a.created_by).bind(3, a.duration_s).bind(4, a.pass_mark);
      insert.bind(5, std::int64_t{a.negative_marking}).bind(6, std::int64_t{a.show_sample_results});
      insert.bind(7, a.created_at).step();
      const std::int64_t id = sqlite3_last_insert_rowid(db_);
      for (std::size_t i = 0; i < a.items.size(); ++i) {
        const AssessmentItem& item = a.items[i];
        Statement add(db_,
                      "INSERT INTO assessment_items (assessment_id, position, kind, ref, version, "
                      "points) VALUES (?, ?, ?, ?, ?, ?);");
        add.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, item.kind).bind(4, item.ref);
        add.bind(5, item.version).bind(6, item.points).step();
      }
      exec("COMMIT;");
      return id;
    } catch (...) {
      exec("ROLLBACK;");
      throw;
    }
  }

  std::optional<Assessment> find_assessment(std::int64_t id) override {
    const std::lock_guard lock(mutex_);
    Statement select(db_, std::string(kSelectAssessment) + " WHERE id = ?;");
    select.bind(1, id);
    if (!select.step()) return std::nullopt;
    Assessment a = assessment(select);
    a.items = items_of(a.id);
    return a;
  }

  std::vector<Assessment> list_assessments() override {
    const std::lock_guard lock(mutex_);
    Statement select(db_, std::string(kSelectAssessment) + " ORDER BY id;");
    std::vector<Assessment> all;
    while (select.step()) all.push_back(assessment(select));
    for (Assessment& a : all) a.items = items_of(a.id);
    return all;
  }

  std::int64_t create_invitation(const Invitation& i) override {
    const std::lock_guard lock(mutex_);
    Statement insert(db_,
                     "INSERT INTO invitations (assessment_id, candidate_name, candidate_email, "
                     "token_hash, expires_at, extra_time_pct, status, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, 'invited', ?);");
    insert.bind(1, i.assessment_id).bind(2, i.candidate_name).bind(3, i.candidate_email);
    insert.bind(4, i.token_hash).bind(5, i.expires_at).bind(6, std::int64_t{i.extra_time_pct});
    insert.bind(7, i.created_at).step();
    return sqlite3_last_insert_rowid(db_);
  }

  std::optional<Invitation> find_invitation(std::int64_t id) override {
    const std::lock_guard lock(mutex_);
    Statement select(db_, std::string(kSelectInvitation) + " WHERE id = ?;");
    select.bind(1, id);
    return select.step() ? std::optional(invitation(select)) : std::nullopt;
  }

  std::optional<Invitation> find_invitation_by_token(const std::string& token_hash) override {
    const std::lock_guard lock(mutex_);
    Statement select(db_, std::string(kSelectInvitation) + " WHERE token_hash = ?;");
    select.bind(1, token_hash);
    return select.step() ? std::optional(invitation(select)) : std::nullopt;
  }

  std::vector<Invitation> list_invitations(std::int64_t assessment_id) override {
    const std::lock_guard lock(mutex_);
    Statement select(db_, std::string(kSelectInvitation) + " WHERE assessment_id = ? ORDER BY id;");
    select.bind(1, assessment_id);
    std::vector<Invitation> all;
    while (select.step()) all.push_back(invitation(select));
    return all;
  }

  bool revoke_invitation(std::int64_t id) override {
    const std::lock_guard lock(mutex_);
    Statement update(
        db_, "UPDATE invitations SET status = 'revoked' WHERE id = ? AND status = 'invited';");
    update.bind(1, id).step();
    return sqlite3_changes(db_) == 1;
  }

  bool replace_invitation_token(std::int64_t id, const std::string& token_hash,
                                std::int64_t expires_at) override {
    const std::lock_guard lock(mutex_);
    Statement update(db_,
                     "UPDATE invitations SET token_hash = ?, expires_at = ?, status = 'invited' "
                     "WHERE id = ? AND status IN ('invited', 'revoked');");
    update.bind(1, token_hash).bind(2, expires_at).bind(3, id).step();
    return sqlite3_changes(db_) == 1;
  }

 private:
  static constexpr const char* kSelectAccount =
      "SELECT id, email, name, role, password_hash, created_at FROM accounts";

  static constexpr const char* kSelectAssessment =
      "SELECT id, title, created_by, duration_s, pass_mark, negative_marking, show_sample_results, "
      "created_at FROM assessments";
  static constexpr const char* kSelectInvitation =
      "SELECT id, assessment_id, candidate_name, candidate_email, token_hash, expires_at, "
      "extra_time_pct, status, created_at, started_at, deadline_at, submitted_at FROM invitations";

  static Assessment assessment(Statement& row) {
    Assessment a;
    a.id = row.integer(0);
    a.title = row.text(1);
    a.created_by = row.integer(2);
    a.duration_s = row.integer(3);
    a.pass_mark = row.real(4);
    a.negative_marking = row.integer(5) != 0;
    a.show_sample_results = row.integer(6) != 0;
    a.created_at = row.integer(7);
    return a;
  }

  std::vector<AssessmentItem> items_of(std::int64_t id) {
    Statement select(db_,
                     "SELECT kind, ref, version, points FROM assessment_items "
                     "WHERE assessment_id = ? ORDER BY position;");
    select.bind(1, id);
    std::vector<AssessmentItem> items;
    while (select.step())
      items.push_back({select.text(0), select.text(1), select.text(2), select.real(3)});
    return items;
  }

  static Invitation invitation(Statement& row) {
    Invitation i;
    i.id = row.integer(0);
    i.assessment_id = row.integer(1);
    i.candidate_name = row.text(2);
    i.candidate_email = row.text(3);
    i.token_hash = row.text(4);
    i.expires_at = row.integer(5);
    i.extra_time_pct = static_cast<int>(row.integer(6));
    i.status = row.text(7);
    i.created_at = row.integer(8);
    i.started_at = row.integer(9);
    i.deadline_at = row.integer(10);
    i.submitted_at = row.integer(11);
    return i;
  }

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
