#include <sqlite3.h>

#include <mutex>

#include "proctord/store.hpp"
#include "schema.hpp"

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
    const std::vector<std::string> steps = schema::migrations(schema::Dialect::Sqlite);
    schema::refuse_newer(version, steps.size());
    const int latest = static_cast<int>(steps.size());
    while (version < latest) {
      exec("BEGIN IMMEDIATE;");
      try {
        exec(steps[static_cast<std::size_t>(version)].c_str());
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

  bool set_account_disabled(std::int64_t id, std::int64_t at) override {
    return change_account(id, "UPDATE accounts SET disabled_at = ? WHERE id = ?;", at, at > 0);
  }

  bool set_password_hash(std::int64_t id, const std::string& hash) override {
    return change_account(id, "UPDATE accounts SET password_hash = ? WHERE id = ?;", hash, true);
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
                      "points, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?);");
        add.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, item.kind).bind(4, item.ref);
        add.bind(5, item.version).bind(6, item.points).bind(7, item.snapshot).step();
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
    Statement update(db_,
                     "UPDATE invitations SET status = 'revoked' WHERE id = ? AND status IN "
                     "('invited', 'expired');");
    update.bind(1, id).step();
    return sqlite3_changes(db_) == 1;
  }

  bool replace_invitation_token(std::int64_t id, const std::string& token_hash,
                                std::int64_t expires_at) override {
    const std::lock_guard lock(mutex_);
    Statement update(db_,
                     "UPDATE invitations SET token_hash = ?, expires_at = ?, status = 'invited' "
                     "WHERE id = ? AND status IN ('invited', 'revoked', 'expired');");
    update.bind(1, token_hash).bind(2, expires_at).bind(3, id).step();
    return sqlite3_changes(db_) == 1;
  }

 private:
  static constexpr const char* kSelectAccount =
      "SELECT id, email, name, role, password_hash, created_at, disabled_at FROM accounts";

  bool start_attempt(std::int64_t id, std::int64_t started_at, std::int64_t deadline_at) override {
    const std::lock_guard lock(mutex_);
    Statement update(db_,
                     "UPDATE invitations SET status = 'started', started_at = ?, deadline_at = ? "
                     "WHERE id = ? AND status = 'invited' AND expires_at > ?;");
    update.bind(1, started_at).bind(2, deadline_at).bind(3, id).bind(4, started_at).step();
    return sqlite3_changes(db_) == 1;
  }

  std::int64_t expire_invitations(std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    Statement update(db_,
                     "UPDATE invitations SET status = 'expired' "
                     "WHERE status = 'invited' AND expires_at <= ?;");
    update.bind(1, now).step();
    return sqlite3_changes(db_);
  }

  bool end_attempt(std::int64_t id, const std::string& status, std::int64_t at) override {
    const std::lock_guard lock(mutex_);
    Statement update(db_,
                     "UPDATE invitations SET status = ?, submitted_at = ? "
                     "WHERE id = ? AND status = 'started';");
    update.bind(1, status).bind(2, at).bind(3, id).step();
    return sqlite3_changes(db_) == 1;
  }

  bool extend_deadline(std::int64_t id, std::int64_t by_ms) override {
    const std::lock_guard lock(mutex_);
    Statement update(db_,
                     "UPDATE invitations SET deadline_at = deadline_at + ? "
                     "WHERE id = ? AND status = 'started';");
    update.bind(1, by_ms).bind(2, id).step();
    return sqlite3_changes(db_) == 1;
  }

  std::vector<Invitation> overdue_attempts(std::int64_t now) override {
    const std::lock_guard lock(mutex_);
    Statement select(db_, std::string(kSelectInvitation) +
                              " WHERE status = 'started' AND deadline_at <= ? ORDER BY id;");
    select.bind(1, now);
    std::vector<Invitation> all;
    while (select.step()) all.push_back(invitation(select));
    return all;
  }

  void save_choices(std::int64_t id, int position, const std::string& choices,
                    std::int64_t at) override {
    const std::lock_guard lock(mutex_);
    write_choices(id, position, choices, at);
  }

  void save_code(std::int64_t id, int position, const std::string& code, std::int64_t at,
                 bool snapshot) override {
    const std::lock_guard lock(mutex_);
    transaction([&] { write_code(id, position, code, at, snapshot); });
  }

  void apply_writes(const std::vector<AttemptWrite>& writes) override {
    const std::lock_guard lock(mutex_);
    transaction([&] {
      for (const AttemptWrite& w : writes) {
        switch (w.kind) {
          case AttemptWrite::Kind::Code:
            write_code(w.attempt, w.position, w.text, w.at, w.snapshot);
            break;
          case AttemptWrite::Kind::Choices:
            write_choices(w.attempt, w.position, w.text, w.at);
            break;
          case AttemptWrite::Kind::Event: write_event(w.attempt, w.event); break;
          case AttemptWrite::Kind::RunMade: write_run_made(w.attempt, w.position, w.at); break;
        }
      }
    });
  }

  void submit_answer(std::int64_t id, int position, std::int64_t at) override {
    const std::lock_guard lock(mutex_);
    Statement upsert(
        db_,
        "INSERT INTO answers (invitation_id, position, submitted, updated_at) VALUES (?, ?, 1, ?) "
        "ON CONFLICT (invitation_id, position) DO UPDATE SET submitted = 1, "
        "updated_at = excluded.updated_at;");
    upsert.bind(1, id).bind(2, std::int64_t{position}).bind(3, at).step();
  }

  std::vector<Answer> answers(std::int64_t id) override {
    const std::lock_guard lock(mutex_);
    Statement select(db_,
                     "SELECT position, choices, code, submitted, updated_at, runs FROM answers "
                     "WHERE invitation_id = ? ORDER BY position;");
    select.bind(1, id);
    std::vector<Answer> all;
    while (select.step()) {
      all.push_back({static_cast<int>(select.integer(0)), select.text(1), select.text(2),
                     select.integer(3) != 0, select.integer(4), select.integer(5)});
    }
    return all;
  }

  std::int64_t history_size(std::int64_t id, int position) override {
    const std::lock_guard lock(mutex_);
    Statement count(db_,
                    "SELECT COUNT(*) FROM code_history WHERE invitation_id = ? AND position = ?;");
    count.bind(1, id).bind(2, std::int64_t{position}).step();
    return count.integer(0);
  }

  void record_event(std::int64_t id, const Event& event) override {
    const std::lock_guard lock(mutex_);
    write_event(id, event);
  }

  std::vector<Event> events(std::int64_t id) override {
    const std::lock_guard lock(mutex_);
    Statement select(db_,
                     "SELECT at, kind, detail FROM events WHERE invitation_id = ? ORDER BY at;");
    select.bind(1, id);
    std::vector<Event> all;
    while (select.step()) all.push_back({select.integer(0), select.text(1), select.text(2)});
    return all;
  }

  void count_run(std::int64_t id, int position, std::int64_t at) override {
    const std::lock_guard lock(mutex_);
    write_run_made(id, position, at);
  }

  std::vector<CodeSnapshot> code_history(std::int64_t id) override {
    const std::lock_guard lock(mutex_);
    Statement select(db_,
                     "SELECT position, saved_at, code FROM code_history WHERE invitation_id = ? "
                     "ORDER BY position, saved_at;");
    select.bind(1, id);
    std::vector<CodeSnapshot> all;
    while (select.step()) {
      all.push_back({static_cast<int>(select.integer(0)), select.integer(1), select.text(2)});
    }
    return all;
  }

  std::vector<std::int64_t> ungraded_attempts(std::int64_t submitted_before,
                                              std::size_t limit) override {
    const std::lock_guard lock(mutex_);
    Statement select(db_,
                     "SELECT id FROM invitations WHERE status = 'submitted' AND graded_at = 0 "
                     "AND submitted_at <= ? ORDER BY submitted_at, id LIMIT ?;");
    select.bind(1, submitted_before).bind(2, static_cast<std::int64_t>(limit));
    std::vector<std::int64_t> all;
    while (select.step()) all.push_back(select.integer(0));
    return all;
  }

  void save_grade(const AttemptGrade& grade) override {
    const std::lock_guard lock(mutex_);
    exec("BEGIN IMMEDIATE;");
    try {
      Statement clear(db_, "DELETE FROM grades WHERE invitation_id = ?;");
      clear.bind(1, grade.attempt).step();
      for (const QuestionGrade& q : grade.questions) {
        Statement insert(db_,
                         "INSERT INTO grades (invitation_id, position, score, max_score, detail) "
                         "VALUES (?, ?, ?, ?, ?);");
        insert.bind(1, grade.attempt).bind(2, std::int64_t{q.position}).bind(3, q.score);
        insert.bind(4, q.max_score).bind(5, q.detail).step();
      }
      Statement mark(db_,
                     "UPDATE invitations SET graded_at = CASE WHEN grade_requests = ? THEN ? "
                     "ELSE 0 END, score = ?, max_score = ?, passed = ? WHERE id = ?;");
      mark.bind(1, grade.grade_requests).bind(2, grade.graded_at).bind(3, grade.score);
      mark.bind(4, grade.max_score).bind(5, std::int64_t{grade.passed}).bind(6, grade.attempt);
      mark.step();
      exec("COMMIT;");
    } catch (...) {
      exec("ROLLBACK;");
      throw;
    }
  }

  std::vector<QuestionGrade> question_grades(std::int64_t id) override {
    const std::lock_guard lock(mutex_);
    Statement select(db_,
                     "SELECT position, score, max_score, detail FROM grades "
                     "WHERE invitation_id = ? ORDER BY position;");
    select.bind(1, id);
    std::vector<QuestionGrade> all;
    while (select.step()) {
      all.push_back(
          {static_cast<int>(select.integer(0)), select.real(1), select.real(2), select.text(3)});
    }
    return all;
  }

  std::int64_t request_regrade(std::int64_t id) override {
    const std::lock_guard lock(mutex_);
    Statement update(db_,
                     "UPDATE invitations SET graded_at = 0, grade_requests = grade_requests + 1 "
                     "WHERE id = ? AND status = 'submitted';");
    update.bind(1, id).step();
    return sqlite3_changes(db_);
  }

  std::int64_t request_assessment_regrade(std::int64_t assessment_id) override {
    const std::lock_guard lock(mutex_);
    Statement update(db_,
                     "UPDATE invitations SET graded_at = 0, grade_requests = grade_requests + 1 "
                     "WHERE assessment_id = ? AND status = 'submitted';");
    update.bind(1, assessment_id).step();
    return sqlite3_changes(db_);
  }

  std::vector<std::pair<std::string, std::int64_t>> count_attempts_by_status() override {
    const std::lock_guard lock(mutex_);
    Statement select(db_, "SELECT status, COUNT(*) FROM invitations GROUP BY status ORDER BY 1;");
    std::vector<std::pair<std::string, std::int64_t>> all;
    while (select.step()) all.emplace_back(select.text(0), select.integer(1));
    return all;
  }

  static constexpr const char* kSelectAssessment =
      "SELECT id, title, created_by, duration_s, pass_mark, negative_marking, show_sample_results, "
      "created_at FROM assessments";
  static constexpr const char* kSelectInvitation =
      "SELECT id, assessment_id, candidate_name, candidate_email, token_hash, expires_at, "
      "extra_time_pct, status, created_at, started_at, deadline_at, submitted_at, graded_at, "
      "score, max_score, passed, grade_requests FROM invitations";

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
                     "SELECT kind, ref, version, points, snapshot FROM assessment_items "
                     "WHERE assessment_id = ? ORDER BY position;");
    select.bind(1, id);
    std::vector<AssessmentItem> items;
    while (select.step()) {
      items.push_back(
          {select.text(0), select.text(1), select.text(2), select.real(3), select.text(4)});
    }
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
    i.graded_at = row.integer(12);
    i.score = row.real(13);
    i.max_score = row.real(14);
    i.passed = row.integer(15) != 0;
    i.grade_requests = row.integer(16);
    return i;
  }

  // One UPDATE of an account (`value` for its first parameter, the id for
  // its second) and, when `end_sessions`, the end of all its sessions: in
  // one transaction, so that no session outlives a reset or a disabling.
  template <typename Value>
  bool change_account(std::int64_t id, const char* update_sql, const Value& value,
                      bool end_sessions) {
    const std::lock_guard lock(mutex_);
    bool found = false;
    transaction([&] {
      Statement update(db_, update_sql);
      update.bind(1, value).bind(2, id).step();
      found = sqlite3_changes(db_) == 1;
      if (found && end_sessions) {
        Statement remove(db_, "DELETE FROM sessions WHERE account_id = ?;");
        remove.bind(1, id).step();
      }
    });
    return found;
  }

  static Account account(Statement& row) {
    Account a;
    a.id = row.integer(0);
    a.email = row.text(1);
    a.name = row.text(2);
    a.role = parse_role(row.text(3)).value_or(Role::Recruiter);
    a.password_hash = row.text(4);
    a.created_at = row.integer(5);
    a.disabled_at = row.integer(6);
    return a;
  }

  // The writes themselves, without the lock (callers hold it).
  // A save that reaches the disk after the attempt was submitted (accepted
  // before the end, committed after) asks for a fresh grade, even when a
  // grading has already begun.
  void regrade_if_graded(std::int64_t id) {
    Statement reset(db_,
                    "UPDATE invitations SET graded_at = 0, grade_requests = grade_requests + 1 "
                    "WHERE id = ? AND status = 'submitted';");
    reset.bind(1, id).step();
  }

  void write_choices(std::int64_t id, int position, const std::string& choices, std::int64_t at) {
    regrade_if_graded(id);
    Statement upsert(
        db_,
        "INSERT INTO answers (invitation_id, position, choices, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (invitation_id, position) DO UPDATE SET choices = excluded.choices, "
        "updated_at = excluded.updated_at;");
    upsert.bind(1, id).bind(2, std::int64_t{position}).bind(3, choices).bind(4, at).step();
  }

  void write_code(std::int64_t id, int position, const std::string& code, std::int64_t at,
                  bool snapshot) {
    regrade_if_graded(id);
    Statement upsert(
        db_,
        "INSERT INTO answers (invitation_id, position, code, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (invitation_id, position) DO UPDATE SET code = excluded.code, "
        "updated_at = excluded.updated_at;");
    upsert.bind(1, id).bind(2, std::int64_t{position}).bind(3, code).bind(4, at).step();
    if (snapshot) {
      Statement keep(db_,
                     "INSERT INTO code_history (invitation_id, position, saved_at, code) "
                     "VALUES (?, ?, ?, ?);");
      keep.bind(1, id).bind(2, std::int64_t{position}).bind(3, at).bind(4, code).step();
    }
  }

  void write_run_made(std::int64_t id, int position, std::int64_t at) {
    Statement upsert(
        db_,
        "INSERT INTO answers (invitation_id, position, runs, updated_at) VALUES (?, ?, 1, ?) "
        "ON CONFLICT (invitation_id, position) DO UPDATE SET runs = answers.runs + 1;");
    upsert.bind(1, id).bind(2, std::int64_t{position}).bind(3, at).step();
  }

  void write_event(std::int64_t id, const Event& event) {
    Statement insert(db_,
                     "INSERT INTO events (invitation_id, at, kind, detail) VALUES (?, ?, ?, ?);");
    insert.bind(1, id).bind(2, event.at).bind(3, event.kind).bind(4, event.detail).step();
  }

  template <typename Body>
  void transaction(const Body& body) {
    exec("BEGIN IMMEDIATE;");
    try {
      body();
      exec("COMMIT;");
    } catch (...) {
      exec("ROLLBACK;");
      throw;
    }
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
