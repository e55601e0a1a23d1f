// The store on PostgreSQL, through libpq: the same schema and the same
// contract as the SQLite store, for several daemons sharing one database.
#include <chrono>
#include <map>
#include <vector>

#include "pg.hpp"
#include "proctord/job_board.hpp"
#include "proctord/log.hpp"
#include "proctord/store.hpp"
#include "schema.hpp"

namespace proctord {
namespace {

using pg::exec;
using pg::Pool;
using pg::query;
using pg::Result;
using pg::transaction;

// Held by whichever daemon migrates, so that daemons started together
// never run the same step twice. "proctor" in ASCII.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(31654957184938866)";

constexpr const char* kSelectAccount =
    "SELECT id, email, name, role, password_hash, created_at, disabled_at FROM accounts";
constexpr const char* kSelectAssessment =
    "SELECT id, title, created_by, duration_s, pass_mark, negative_marking, show_sample_results, "
    "created_at FROM assessments";
constexpr const char* kSelectItems =
    "SELECT assessment_id, kind, ref, version, points, snapshot FROM assessment_items";
constexpr const char* kSelectInvitation =
    "SELECT id, assessment_id, candidate_name, candidate_email, token_hash, expires_at, "
    "extra_time_pct, status, created_at, started_at, deadline_at, submitted_at, graded_at, "
    "score, max_score, passed, grade_requests FROM invitations";

Account account(const Result& r, int row) {
  return {r.integer(row, 0), r.text(row, 1),
          r.text(row, 2),    parse_role(r.text(row, 3)).value_or(Role::Recruiter),
          r.text(row, 4),    r.integer(row, 5),
          r.integer(row, 6)};
}

Assessment assessment(const Result& r, int row) {
  Assessment a;
  a.id = r.integer(row, 0);
  a.title = r.text(row, 1);
  a.created_by = r.integer(row, 2);
  a.duration_s = r.integer(row, 3);
  a.pass_mark = r.real(row, 4);
  a.negative_marking = r.integer(row, 5) != 0;
  a.show_sample_results = r.integer(row, 6) != 0;
  a.created_at = r.integer(row, 7);
  return a;
}

AssessmentItem item(const Result& r, int row) {
  return {r.text(row, 1), r.text(row, 2), r.text(row, 3), r.real(row, 4), r.text(row, 5)};
}

Invitation invitation(const Result& r, int row) {
  Invitation i;
  i.id = r.integer(row, 0);
  i.assessment_id = r.integer(row, 1);
  i.candidate_name = r.text(row, 2);
  i.candidate_email = r.text(row, 3);
  i.token_hash = r.text(row, 4);
  i.expires_at = r.integer(row, 5);
  i.extra_time_pct = static_cast<int>(r.integer(row, 6));
  i.status = r.text(row, 7);
  i.created_at = r.integer(row, 8);
  i.started_at = r.integer(row, 9);
  i.deadline_at = r.integer(row, 10);
  i.submitted_at = r.integer(row, 11);
  i.graded_at = r.integer(row, 12);
  i.score = r.real(row, 13);
  i.max_score = r.real(row, 14);
  i.passed = r.integer(row, 15) != 0;
  i.grade_requests = r.integer(row, 16);
  return i;
}

template <typename T, typename Read>
std::vector<T> all_rows(const Result& r, Read read) {
  std::vector<T> rows;
  rows.reserve(static_cast<std::size_t>(r.rows()));
  for (int row = 0; row < r.rows(); ++row) rows.push_back(read(r, row));
  return rows;
}

template <typename T, typename Read>
std::optional<T> first_row(const Result& r, Read read) {
  return r.rows() > 0 ? std::optional<T>(read(r, 0)) : std::nullopt;
}

// The database's clock in Unix milliseconds: leases are judged by one
// clock, whatever the graders' machines think the time is.
#define PG_NOW_MS "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT"

constexpr const char* kJobColumns = "id, kind, attempt, version, code, input, tries";

Job job(const Result& r, int row) {
  Job j;
  j.id = r.integer(row, 0);
  j.kind = r.text(row, 1);
  j.attempt = r.integer(row, 2);
  j.version = r.text(row, 3);
  j.code = r.text(row, 4);
  if (!r.null(row, 5)) j.input = r.text(row, 5);
  j.tries = static_cast<int>(r.integer(row, 6));
  return j;
}

// A list of ids as one PostgreSQL array parameter: "{1,2,3}".
std::string id_array(const std::vector<std::int64_t>& ids) {
  std::string text = "{";
  for (const std::int64_t id : ids) {
    if (text.size() > 1) text += ',';
    text += std::to_string(id);
  }
  return text + "}";
}

std::string to_hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0xF];
  }
  return hex;
}

std::string from_hex(const std::string& hex) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    throw StoreError("a problem package in the database is damaged");
  };
  if (hex.size() % 2 != 0) throw StoreError("a problem package in the database is damaged");
  std::string bytes(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<char>(digit(hex[2 * i]) * 16 + digit(hex[2 * i + 1]));
  }
  return bytes;
}

// LISTEN on a connection of its own, re-made when it drops.
class PostgresListener final : public NoticeListener {
 public:
  PostgresListener(std::string conninfo, std::string channel)
      : conninfo_(std::move(conninfo)), channel_(std::move(channel)) {}
  ~PostgresListener() override {
    if (connection_ != nullptr) PQfinish(connection_);
  }
  PostgresListener(const PostgresListener&) = delete;
  PostgresListener& operator=(const PostgresListener&) = delete;

  std::vector<std::string> wait(int timeout_ms, int wake_fd) override {
    std::vector<std::string> payloads;
    if (!listening()) {
      // Down: wait as asked (or until woken) and try again next time.
      pollfd woken{wake_fd, POLLIN, 0};
      ::poll(&woken, wake_fd >= 0 ? 1 : 0, timeout_ms);
      return payloads;
    }
    collect(payloads);
    if (!payloads.empty()) return payloads;
    std::array<pollfd, 2> ready{pollfd{PQsocket(connection_), POLLIN, 0},
                                pollfd{wake_fd, POLLIN, 0}};
    ::poll(ready.data(), wake_fd >= 0 ? 2 : 1, timeout_ms);
    if ((ready[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      if (PQconsumeInput(connection_) == 0) {
        log(Level::Warning, "lost the PostgreSQL notice connection",
            {{"error", pg::trimmed(PQerrorMessage(connection_))}});
        return payloads;
      }
      collect(payloads);
    }
    return payloads;
  }

 private:
  // Connected and listening, reconnecting at most once a second.
  bool listening() {
    if (connection_ != nullptr && PQstatus(connection_) == CONNECTION_OK) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_attempt_ < std::chrono::seconds(1)) return false;
    last_attempt_ = now;
    if (connection_ != nullptr) PQfinish(connection_);
    connection_ = pg::open_connection(conninfo_);
    if (connection_ == nullptr || PQstatus(connection_) != CONNECTION_OK) return false;
    try {
      exec(connection_, "LISTEN " + channel_);
    } catch (const StoreError& failure) {
      log(Level::Warning, "cannot LISTEN", {{"error", failure.what()}});
      PQfinish(connection_);
      connection_ = nullptr;
      return false;
    }
    return true;
  }

  void collect(std::vector<std::string>& payloads) {
    while (PGnotify* note = PQnotifies(connection_)) {
      payloads.emplace_back(note->extra);
      PQfreemem(note);
    }
  }

  const std::string conninfo_;
  const std::string channel_;
  PGconn* connection_ = nullptr;
  std::chrono::steady_clock::time_point last_attempt_{};
};

class PostgresStore final : public Store, public JobBoard {
 public:
  explicit PostgresStore(std::string conninfo) : conninfo_(conninfo), pool_(std::move(conninfo)) {}

  int migrate() override {
    const Pool::Lease c(pool_);
    const std::vector<std::string> steps = schema::migrations(schema::Dialect::Postgres);
    while (migrate_one_step(c, steps)) {
    }
    return current_version(c);
  }

  int schema_version() override {
    const Pool::Lease c(pool_);
    return current_version(c);
  }

  std::int64_t create_account(const Account& a) override {
    const Pool::Lease c(pool_);
    return query(c,
                 "INSERT INTO accounts (email, name, role, password_hash, created_at) "
                 "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                 a.email, a.name, std::string(role_name(a.role)), a.password_hash, a.created_at)
        .integer(0, 0);
  }

  std::optional<Account> find_account(std::int64_t id) override {
    const Pool::Lease c(pool_);
    const std::string sql = std::string(kSelectAccount) + " WHERE id = $1";
    return first_row<Account>(query(c, sql.c_str(), id), account);
  }

  std::optional<Account> find_account_by_email(const std::string& email) override {
    const Pool::Lease c(pool_);
    const std::string sql = std::string(kSelectAccount) + " WHERE email = $1";
    return first_row<Account>(query(c, sql.c_str(), email), account);
  }

  std::vector<Account> list_accounts() override {
    const Pool::Lease c(pool_);
    const std::string sql = std::string(kSelectAccount) + " ORDER BY id";
    return all_rows<Account>(query(c, sql.c_str()), account);
  }

  std::int64_t count_accounts() override {
    const Pool::Lease c(pool_);
    return query(c, "SELECT COUNT(*) FROM accounts").integer(0, 0);
  }

  void create_session(const Session& s) override {
    const Pool::Lease c(pool_);
    query(c,
          "INSERT INTO sessions (token_hash, account_id, csrf_token, expires_at) "
          "VALUES ($1, $2, $3, $4)",
          s.token_hash, s.account_id, s.csrf_token, s.expires_at);
  }

  std::optional<Session> find_session(const std::string& token_hash) override {
    const Pool::Lease c(pool_);
    const Result r = query(c,
                           "SELECT token_hash, account_id, csrf_token, expires_at FROM sessions "
                           "WHERE token_hash = $1",
                           token_hash);
    if (r.rows() == 0) return std::nullopt;
    return Session{r.text(0, 0), r.integer(0, 1), r.text(0, 2), r.integer(0, 3)};
  }

  bool set_account_disabled(std::int64_t id, std::int64_t at) override {
    const Pool::Lease c(pool_);
    return transaction(c, [&] {
      const bool found =
          query(c, "UPDATE accounts SET disabled_at = $1 WHERE id = $2", at, id).affected() == 1;
      if (found && at > 0) query(c, "DELETE FROM sessions WHERE account_id = $1", id);
      return found;
    });
  }

  bool set_password_hash(std::int64_t id, const std::string& hash) override {
    const Pool::Lease c(pool_);
    return transaction(c, [&] {
      const bool found =
          query(c, "UPDATE accounts SET password_hash = $1 WHERE id = $2", hash, id).affected() ==
          1;
      if (found) query(c, "DELETE FROM sessions WHERE account_id = $1", id);
      return found;
    });
  }

  void delete_session(const std::string& token_hash) override {
    const Pool::Lease c(pool_);
    query(c, "DELETE FROM sessions WHERE token_hash = $1", token_hash);
  }

  void delete_expired_sessions(std::int64_t now) override {
    const Pool::Lease c(pool_);
    query(c, "DELETE FROM sessions WHERE expires_at <= $1", now);
  }

  std::int64_t create_assessment(const Assessment& a) override {
    const Pool::Lease c(pool_);
    return transaction(c, [&] {
      const std::int64_t id =
          query(c,
                "INSERT INTO assessments (title, created_by, duration_s, pass_mark, "
                "negative_marking, show_sample_results, created_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                a.title, a.created_by, a.duration_s, a.pass_mark, a.negative_marking,
                a.show_sample_results, a.created_at)
              .integer(0, 0);
      for (std::size_t i = 0; i < a.items.size(); ++i) {
        const AssessmentItem& item = a.items[i];
        query(c,
              "INSERT INTO assessment_items (assessment_id, position, kind, ref, version, "
              "points, snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7)",
              id, static_cast<std::int64_t>(i), item.kind, item.ref, item.version, item.points,
              item.snapshot);
      }
      return id;
    });
  }

  std::optional<Assessment> find_assessment(std::int64_t id) override {
    const Pool::Lease c(pool_);
    const std::string sql = std::string(kSelectAssessment) + " WHERE id = $1";
    std::optional<Assessment> found = first_row<Assessment>(query(c, sql.c_str(), id), assessment);
    if (found) {
      const std::string items = std::string(kSelectItems) +
                                " WHERE assessment_id = $1 "
                                "ORDER BY position";
      found->items = all_rows<AssessmentItem>(query(c, items.c_str(), id), item);
    }
    return found;
  }

  // Two queries, not one per assessment. An assessment's items are written
  // in its own transaction, so every assessment listed has all of them.
  std::vector<Assessment> list_assessments() override {
    const Pool::Lease c(pool_);
    const std::string sql = std::string(kSelectAssessment) + " ORDER BY id";
    std::vector<Assessment> all = all_rows<Assessment>(query(c, sql.c_str()), assessment);
    std::map<std::int64_t, Assessment*> by_id;
    for (Assessment& a : all) by_id[a.id] = &a;
    const std::string items = std::string(kSelectItems) + " ORDER BY assessment_id, position";
    const Result r = query(c, items.c_str());
    for (int row = 0; row < r.rows(); ++row) {
      const auto owner = by_id.find(r.integer(row, 0));
      if (owner != by_id.end()) owner->second->items.push_back(item(r, row));
    }
    return all;
  }

  std::int64_t create_invitation(const Invitation& i) override {
    const Pool::Lease c(pool_);
    return query(c,
                 "INSERT INTO invitations (assessment_id, candidate_name, candidate_email, "
                 "token_hash, expires_at, extra_time_pct, status, created_at) "
                 "VALUES ($1, $2, $3, $4, $5, $6, 'invited', $7) RETURNING id",
                 i.assessment_id, i.candidate_name, i.candidate_email, i.token_hash, i.expires_at,
                 i.extra_time_pct, i.created_at)
        .integer(0, 0);
  }

  std::optional<Invitation> find_invitation(std::int64_t id) override {
    const Pool::Lease c(pool_);
    const std::string sql = std::string(kSelectInvitation) + " WHERE id = $1";
    return first_row<Invitation>(query(c, sql.c_str(), id), invitation);
  }

  std::optional<Invitation> find_invitation_by_token(const std::string& token_hash) override {
    const Pool::Lease c(pool_);
    const std::string sql = std::string(kSelectInvitation) + " WHERE token_hash = $1";
    return first_row<Invitation>(query(c, sql.c_str(), token_hash), invitation);
  }

  std::vector<Invitation> list_invitations(std::int64_t assessment_id) override {
    const Pool::Lease c(pool_);
    const std::string sql =
        std::string(kSelectInvitation) + " WHERE assessment_id = $1 ORDER BY id";
    return all_rows<Invitation>(query(c, sql.c_str(), assessment_id), invitation);
  }

  bool revoke_invitation(std::int64_t id) override {
    const Pool::Lease c(pool_);
    return query(c,
                 "UPDATE invitations SET status = 'revoked' "
                 "WHERE id = $1 AND status IN ('invited', 'expired')",
                 id)
               .affected() == 1;
  }

  bool replace_invitation_token(std::int64_t id, const std::string& token_hash,
                                std::int64_t expires_at) override {
    const Pool::Lease c(pool_);
    return query(c,
                 "UPDATE invitations SET token_hash = $1, expires_at = $2, status = 'invited' "
                 "WHERE id = $3 AND status IN ('invited', 'revoked', 'expired')",
                 token_hash, expires_at, id)
               .affected() == 1;
  }

  bool start_attempt(std::int64_t id, std::int64_t started_at, std::int64_t deadline_at) override {
    const Pool::Lease c(pool_);
    return query(c,
                 "UPDATE invitations SET status = 'started', started_at = $1, deadline_at = $2 "
                 "WHERE id = $3 AND status = 'invited' AND expires_at > $1",
                 started_at, deadline_at, id)
               .affected() == 1;
  }

  std::int64_t expire_invitations(std::int64_t now) override {
    const Pool::Lease c(pool_);
    return query(c,
                 "UPDATE invitations SET status = 'expired' "
                 "WHERE status = 'invited' AND expires_at <= $1",
                 now)
        .affected();
  }

  bool end_attempt(std::int64_t id, const std::string& status, std::int64_t at) override {
    const Pool::Lease c(pool_);
    return query(c,
                 "UPDATE invitations SET status = $1, submitted_at = $2 "
                 "WHERE id = $3 AND status = 'started'",
                 status, at, id)
               .affected() == 1;
  }

  bool extend_deadline(std::int64_t id, std::int64_t by_ms) override {
    const Pool::Lease c(pool_);
    return query(c,
                 "UPDATE invitations SET deadline_at = deadline_at + $1 "
                 "WHERE id = $2 AND status = 'started'",
                 by_ms, id)
               .affected() == 1;
  }

  std::vector<Invitation> overdue_attempts(std::int64_t now) override {
    const Pool::Lease c(pool_);
    const std::string sql = std::string(kSelectInvitation) +
                            " WHERE status = 'started' AND deadline_at <= $1 ORDER BY id";
    return all_rows<Invitation>(query(c, sql.c_str(), now), invitation);
  }

  void save_choices(std::int64_t id, int position, const std::string& choices,
                    std::int64_t at) override {
    const Pool::Lease c(pool_);
    transaction(c, [&] { write_choices(c, id, position, choices, at); });
  }

  void save_code(std::int64_t id, int position, const std::string& code, std::int64_t at,
                 bool snapshot) override {
    const Pool::Lease c(pool_);
    transaction(c, [&] { write_code(c, id, position, code, at, snapshot); });
  }

  void submit_answer(std::int64_t id, int position, std::int64_t at) override {
    const Pool::Lease c(pool_);
    query(c,
          "INSERT INTO answers (invitation_id, position, submitted, updated_at) "
          "VALUES ($1, $2, 1, $3) ON CONFLICT (invitation_id, position) DO UPDATE SET "
          "submitted = 1, updated_at = excluded.updated_at",
          id, position, at);
  }

  void apply_writes(const std::vector<AttemptWrite>& writes) override {
    const Pool::Lease c(pool_);
    transaction(c, [&] {
      for (const AttemptWrite& w : writes) apply_write(c, w);
    });
  }

  std::vector<Answer> answers(std::int64_t id) override {
    const Pool::Lease c(pool_);
    const Result r = query(c,
                           "SELECT position, choices, code, submitted, updated_at, runs "
                           "FROM answers WHERE invitation_id = $1 ORDER BY position",
                           id);
    return all_rows<Answer>(r, [](const Result& row, int i) {
      return Answer{static_cast<int>(row.integer(i, 0)),
                    row.text(i, 1),
                    row.text(i, 2),
                    row.integer(i, 3) != 0,
                    row.integer(i, 4),
                    row.integer(i, 5)};
    });
  }

  std::int64_t history_size(std::int64_t id, int position) override {
    const Pool::Lease c(pool_);
    return query(c, "SELECT COUNT(*) FROM code_history WHERE invitation_id = $1 AND position = $2",
                 id, position)
        .integer(0, 0);
  }

  void record_event(std::int64_t id, const Event& event) override {
    const Pool::Lease c(pool_);
    write_event(c, id, event);
  }

  std::vector<Event> events(std::int64_t id) override {
    const Pool::Lease c(pool_);
    const Result r =
        query(c, "SELECT at, kind, detail FROM events WHERE invitation_id = $1 ORDER BY at", id);
    return all_rows<Event>(r, [](const Result& row, int i) {
      return Event{row.integer(i, 0), row.text(i, 1), row.text(i, 2)};
    });
  }

  void count_run(std::int64_t id, int position, std::int64_t at) override {
    const Pool::Lease c(pool_);
    write_run_made(c, id, position, at);
  }

  std::vector<CodeSnapshot> code_history(std::int64_t id) override {
    const Pool::Lease c(pool_);
    const Result r = query(c,
                           "SELECT position, saved_at, code FROM code_history "
                           "WHERE invitation_id = $1 ORDER BY position, saved_at",
                           id);
    return all_rows<CodeSnapshot>(r, [](const Result& row, int i) {
      return CodeSnapshot{static_cast<int>(row.integer(i, 0)), row.integer(i, 1), row.text(i, 2)};
    });
  }

  std::vector<std::int64_t> ungraded_attempts(std::int64_t submitted_before,
                                              std::size_t limit) override {
    const Pool::Lease c(pool_);
    const Result r = query(c,
                           "SELECT id FROM invitations WHERE status = 'submitted' AND "
                           "graded_at = 0 AND submitted_at <= $1 ORDER BY submitted_at, id "
                           "LIMIT $2",
                           submitted_before, static_cast<std::int64_t>(limit));
    return all_rows<std::int64_t>(r, [](const Result& row, int i) { return row.integer(i, 0); });
  }

  void save_grade(const AttemptGrade& grade) override {
    const Pool::Lease c(pool_);
    transaction(c, [&] { write_grade(c, grade); });
  }

  std::vector<QuestionGrade> question_grades(std::int64_t id) override {
    const Pool::Lease c(pool_);
    const Result r = query(c,
                           "SELECT position, score, max_score, detail FROM grades "
                           "WHERE invitation_id = $1 ORDER BY position",
                           id);
    return all_rows<QuestionGrade>(r, [](const Result& row, int i) {
      return QuestionGrade{static_cast<int>(row.integer(i, 0)), row.real(i, 1), row.real(i, 2),
                           row.text(i, 3)};
    });
  }

  std::int64_t request_regrade(std::int64_t id) override {
    const Pool::Lease c(pool_);
    return query(c,
                 "UPDATE invitations SET graded_at = 0, grade_requests = grade_requests + 1 "
                 "WHERE id = $1 AND status = 'submitted'",
                 id)
        .affected();
  }

  std::int64_t request_assessment_regrade(std::int64_t assessment_id) override {
    const Pool::Lease c(pool_);
    return query(c,
                 "UPDATE invitations SET graded_at = 0, grade_requests = grade_requests + 1 "
                 "WHERE assessment_id = $1 AND status = 'submitted'",
                 assessment_id)
        .affected();
  }

  std::vector<std::pair<std::string, std::int64_t>> count_attempts_by_status() override {
    const Pool::Lease c(pool_);
    const Result r =
        query(c, "SELECT status, COUNT(*) FROM invitations GROUP BY status ORDER BY 1");
    return all_rows<std::pair<std::string, std::int64_t>>(
        r, [](const Result& row, int i) { return std::pair(row.text(i, 0), row.integer(i, 1)); });
  }

  // --- the job board ---

  std::int64_t post_run(const Job& j) override {
    const Pool::Lease c(pool_);
    return transaction(c, [&] {
      const std::string sql =
          "INSERT INTO grading_jobs (kind, attempt, version, code, input, state, posted_at) "
          "VALUES ('run', $1, $2, $3, $4, 'queued', " PG_NOW_MS ") RETURNING id";
      // Custom input may be empty; none at all (NULL) means the samples.
      const std::string input = j.input ? pg::param(*j.input) : std::string();
      const std::array<std::string, 3> values{pg::param(j.attempt), pg::param(j.version),
                                              pg::param(j.code)};
      const std::array<const char*, 4> pointers{values[0].c_str(), values[1].c_str(),
                                                values[2].c_str(),
                                                j.input ? input.c_str() : nullptr};
      const Result r = pg::checked(
          c, PQexecParams(c, sql.c_str(), 4, nullptr, pointers.data(), nullptr, nullptr, 0));
      query(c, "SELECT pg_notify($1, '')", std::string(kPostedChannel));
      return r.integer(0, 0);
    });
  }

  std::vector<std::int64_t> cancel_queued_runs(std::int64_t attempt) override {
    const Pool::Lease c(pool_);
    const Result r = query(c,
                           "UPDATE grading_jobs SET state = 'cancelled', finished_at = " PG_NOW_MS
                           " WHERE kind = 'run' AND attempt = $1 AND state = 'queued' RETURNING id",
                           attempt);
    return all_rows<std::int64_t>(r, [](const Result& row, int i) { return row.integer(i, 0); });
  }

  std::vector<std::int64_t> expire_queued_runs(const std::vector<std::int64_t>& ids,
                                               std::int64_t wait_ms) override {
    if (ids.empty()) return {};
    const Pool::Lease c(pool_);
    const Result r = query(c,
                           "UPDATE grading_jobs SET state = 'cancelled', finished_at = " PG_NOW_MS
                           " WHERE id = ANY($1::BIGINT[]) AND state = 'queued' AND "
                           "posted_at < " PG_NOW_MS " - $2 RETURNING id",
                           id_array(ids), wait_ms);
    return all_rows<std::int64_t>(r, [](const Result& row, int i) { return row.integer(i, 0); });
  }

  std::vector<FinishedRun> finished_runs(const std::vector<std::int64_t>& ids) override {
    if (ids.empty()) return {};
    const Pool::Lease c(pool_);
    const Result r =
        query(c,
              "SELECT id, state, result FROM grading_jobs WHERE id = ANY($1::BIGINT[]) "
              "AND state IN ('done', 'failed', 'cancelled')",
              id_array(ids));
    return all_rows<FinishedRun>(r, [](const Result& row, int i) {
      FinishedRun run{row.integer(i, 0), row.text(i, 1), {}};
      if (run.state != "cancelled") run.tests = decode_tests(row.text(i, 2));
      return run;
    });
  }

  void relay_result(std::int64_t attempt, const std::string& message) override {
    const Pool::Lease c(pool_);
    transaction(c, [&] {
      query(c,
            "INSERT INTO relayed_results (attempt, message, relayed_at) "
            "VALUES ($1, $2, " PG_NOW_MS ")",
            attempt, message);
      query(c, "SELECT pg_notify($1, $2)", std::string(kAttemptsChannel),
            "result " + std::to_string(attempt));
    });
  }

  std::vector<RelayedResult> relayed_since(std::int64_t after_id, std::int64_t attempt,
                                           int limit) override {
    const Pool::Lease c(pool_);
    const Result r = query(c,
                           "SELECT id, attempt, message FROM relayed_results WHERE id > $1 "
                           "AND ($2 = 0 OR attempt = $2) ORDER BY id LIMIT $3",
                           after_id, attempt, std::int64_t{limit});
    return all_rows<RelayedResult>(r, [](const Result& row, int i) {
      return RelayedResult{row.integer(i, 0), row.integer(i, 1), row.text(i, 2)};
    });
  }

  std::int64_t last_relayed() override {
    const Pool::Lease c(pool_);
    return query(c, "SELECT COALESCE(MAX(id), 0) FROM relayed_results").integer(0, 0);
  }

  std::int64_t forget_relayed(std::int64_t age_ms) override {
    const Pool::Lease c(pool_);
    return query(c, "DELETE FROM relayed_results WHERE relayed_at < " PG_NOW_MS " - $1", age_ms)
        .affected();
  }

  std::int64_t post_grades(std::int64_t submitted_before) override {
    const Pool::Lease c(pool_);
    return query(c,
                 "INSERT INTO grading_jobs (kind, attempt, state, posted_at) "
                 "SELECT 'grade', i.id, 'queued', " PG_NOW_MS
                 " FROM invitations i WHERE i.status = 'submitted' AND i.graded_at = 0 AND "
                 "i.submitted_at <= $1 AND NOT EXISTS (SELECT 1 FROM grading_jobs j WHERE "
                 "j.attempt = i.id AND j.kind = 'grade' AND j.state IN ('queued', 'running')) "
                 "ORDER BY i.submitted_at, i.id ON CONFLICT DO NOTHING",
                 submitted_before)
        .affected();
  }

  std::optional<Job> claim(const std::string& kind, const std::string& owner,
                           std::int64_t lease_ms) override {
    const Pool::Lease c(pool_);
    const std::string sql =
        std::string(
            "UPDATE grading_jobs SET state = 'running', lease_owner = $1, "
            "lease_until = " PG_NOW_MS
            " + $2, tries = tries + 1 WHERE id = (SELECT id FROM grading_jobs "
            "WHERE kind = $3 AND state IN ('queued', 'running') AND (state = 'queued' OR "
            "(state = 'running' AND "
            "lease_until < " PG_NOW_MS
            ")) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING ") +
        kJobColumns;
    return first_row<Job>(query(c, sql.c_str(), owner, lease_ms, kind), job);
  }

  std::int64_t renew(const std::string& owner, std::int64_t lease_ms) override {
    const Pool::Lease c(pool_);
    return query(c,
                 "UPDATE grading_jobs SET lease_until = " PG_NOW_MS
                 " + $1 WHERE lease_owner = $2 AND state = 'running'",
                 lease_ms, owner)
        .affected();
  }

  void abandon(std::int64_t id, const std::string& owner) override {
    const Pool::Lease c(pool_);
    query(c,
          "UPDATE grading_jobs SET lease_owner = '', lease_until = 0 "
          "WHERE id = $1 AND lease_owner = $2 AND state = 'running'",
          id, owner);
  }

  bool finish_run(std::int64_t id, const std::string& owner, const std::string& state,
                  const std::vector<grading::TestResult>& tests) override {
    const Pool::Lease c(pool_);
    return transaction(c, [&] {
      if (!close_job(c, id, owner, state, encode_tests(tests))) return false;
      // Delivered at COMMIT, to every daemon listening.
      query(c, "SELECT pg_notify($1, $2)", std::string(kFinishedChannel), std::to_string(id));
      return true;
    });
  }

  bool finish_grade(std::int64_t id, const std::string& owner, const AttemptGrade& grade) override {
    const Pool::Lease c(pool_);
    return transaction(c, [&] {
      if (!close_job(c, id, owner, "done", "")) return false;
      write_grade(c, grade);
      return true;
    });
  }

  std::int64_t forget_runs(std::int64_t age_ms) override {
    const Pool::Lease c(pool_);
    return query(c,
                 "DELETE FROM grading_jobs WHERE kind = 'run' AND "
                 "state IN ('done', 'failed', 'cancelled') AND finished_at < " PG_NOW_MS " - $1",
                 age_ms)
        .affected();
  }

  bool has_package(const std::string& hash) override {
    const Pool::Lease c(pool_);
    return query(c, "SELECT 1 FROM problem_packages WHERE content_hash = $1", hash).rows() > 0;
  }

  void keep_package(const std::string& hash, const std::string& slug,
                    const std::string& archive) override {
    const Pool::Lease c(pool_);
    query(c,
          "INSERT INTO problem_packages (content_hash, slug, archive) VALUES ($1, $2, $3) "
          "ON CONFLICT (content_hash) DO NOTHING",
          hash, slug, to_hex(archive));
  }

  std::optional<std::string> package(const std::string& hash) override {
    const Pool::Lease c(pool_);
    const Result r = query(c, "SELECT archive FROM problem_packages WHERE content_hash = $1", hash);
    if (r.rows() == 0) return std::nullopt;
    return from_hex(r.text(0, 0));
  }

  std::unique_ptr<NoticeListener> listen(const std::string& channel) override {
    return std::make_unique<PostgresListener>(conninfo_, channel);
  }

  void announce(const std::string& channel, const std::string& payload) override {
    const Pool::Lease c(pool_);
    query(c, "SELECT pg_notify($1, $2)", channel, payload);
  }

 private:
  // Ends a running job if `owner` still holds it: the one check that makes
  // a result count once, whichever graders raced for it.
  static bool close_job(PGconn* c, std::int64_t id, const std::string& owner,
                        const std::string& state, const std::string& result) {
    return query(c,
                 "UPDATE grading_jobs SET state = $1, result = $2, finished_at = " PG_NOW_MS
                 " WHERE id = $3 AND state = 'running' AND lease_owner = $4",
                 state, result, id, owner)
               .affected() == 1;
  }

  static void write_grade(PGconn* c, const AttemptGrade& grade) {
    // Two graders saving the same attempt at once take turns here rather
    // than both clearing and both inserting (a duplicate key for one).
    query(c, "SELECT id FROM invitations WHERE id = $1 FOR UPDATE", grade.attempt);
    query(c, "DELETE FROM grades WHERE invitation_id = $1", grade.attempt);
    for (const QuestionGrade& q : grade.questions) {
      query(c,
            "INSERT INTO grades (invitation_id, position, score, max_score, detail) "
            "VALUES ($1, $2, $3, $4, $5)",
            grade.attempt, q.position, q.score, q.max_score, q.detail);
    }
    query(c,
          "UPDATE invitations SET "
          "graded_at = CASE WHEN grade_requests = $1 THEN $2::BIGINT ELSE 0 END, "
          "score = $3, max_score = $4, passed = $5 WHERE id = $6",
          grade.grade_requests, grade.graded_at, grade.score, grade.max_score, grade.passed,
          grade.attempt);
  }

  static int current_version(PGconn* c) {
    const Result r = exec(c, "SELECT version FROM schema_version");
    return r.rows() > 0 ? static_cast<int>(r.integer(0, 0)) : 0;
  }

  // One step per transaction (PostgreSQL's DDL is transactional): a failed
  // step leaves the schema at the version before it. False when up to date.
  static bool migrate_one_step(PGconn* c, const std::vector<std::string>& steps) {
    return transaction(c, [&] {
      exec(c, kMigrationLock);
      exec(c, "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)");
      const int version = current_version(c);
      schema::refuse_newer(version, steps.size());
      if (version >= static_cast<int>(steps.size())) return false;
      exec(c, steps[static_cast<std::size_t>(version)]);
      exec(c, "DELETE FROM schema_version");
      query(c, "INSERT INTO schema_version (version) VALUES ($1)", version + 1);
      return true;
    });
  }

  static void apply_write(PGconn* c, const AttemptWrite& w) {
    switch (w.kind) {
      case AttemptWrite::Kind::Code:
        write_code(c, w.attempt, w.position, w.text, w.at, w.snapshot);
        break;
      case AttemptWrite::Kind::Choices:
        write_choices(c, w.attempt, w.position, w.text, w.at);
        break;
      case AttemptWrite::Kind::Event: write_event(c, w.attempt, w.event); break;
      case AttemptWrite::Kind::RunMade: write_run_made(c, w.attempt, w.position, w.at); break;
    }
  }

  // A save that reaches the database after the attempt was submitted
  // (accepted before the end, committed after) asks for a fresh grade, even
  // when a grading has already begun.
  static void regrade_if_graded(PGconn* c, std::int64_t id) {
    query(c,
          "UPDATE invitations SET graded_at = 0, grade_requests = grade_requests + 1 "
          "WHERE id = $1 AND status = 'submitted'",
          id);
  }

  static void write_choices(PGconn* c, std::int64_t id, int position, const std::string& choices,
                            std::int64_t at) {
    regrade_if_graded(c, id);
    query(c,
          "INSERT INTO answers (invitation_id, position, choices, updated_at) "
          "VALUES ($1, $2, $3, $4) ON CONFLICT (invitation_id, position) DO UPDATE SET "
          "choices = excluded.choices, updated_at = excluded.updated_at",
          id, position, choices, at);
  }

  static void write_code(PGconn* c, std::int64_t id, int position, const std::string& code,
                         std::int64_t at, bool snapshot) {
    regrade_if_graded(c, id);
    query(c,
          "INSERT INTO answers (invitation_id, position, code, updated_at) "
          "VALUES ($1, $2, $3, $4) ON CONFLICT (invitation_id, position) DO UPDATE SET "
          "code = excluded.code, updated_at = excluded.updated_at",
          id, position, code, at);
    if (snapshot) {
      query(c,
            "INSERT INTO code_history (invitation_id, position, saved_at, code) "
            "VALUES ($1, $2, $3, $4)",
            id, position, at, code);
    }
  }

  static void write_run_made(PGconn* c, std::int64_t id, int position, std::int64_t at) {
    query(c,
          "INSERT INTO answers (invitation_id, position, runs, updated_at) VALUES ($1, $2, 1, $3) "
          "ON CONFLICT (invitation_id, position) DO UPDATE SET runs = answers.runs + 1",
          id, position, at);
  }

  static void write_event(PGconn* c, std::int64_t id, const Event& event) {
    query(c, "INSERT INTO events (invitation_id, at, kind, detail) VALUES ($1, $2, $3, $4)", id,
          event.at, event.kind, event.detail);
  }

  const std::string conninfo_;
  Pool pool_;
};

}  // namespace

std::unique_ptr<Store> open_postgres_store(const std::string& conninfo) {
  auto store = std::make_unique<PostgresStore>(conninfo);
  store->migrate();
  return store;
}

}  // namespace proctord
