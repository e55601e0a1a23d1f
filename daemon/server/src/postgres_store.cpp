// The store on PostgreSQL, through libpq: the same schema and the same
// contract as the SQLite store, for several daemons sharing one database.
#include <libpq-fe.h>
#include <poll.h>

#include <array>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <type_traits>
#include <utility>
#include <vector>

#include "proctord/log.hpp"
#include "proctord/store.hpp"
#include "schema.hpp"

namespace proctord {
namespace {

// Connections kept open. Each call takes one for its duration, so that a
// slow query on one thread does not hold up every other (SQLite's single
// connection under a mutex would: there the disk, not the network, is the
// bottleneck).
constexpr std::size_t kPoolSize = 4;

// Held by whichever daemon migrates, so that daemons started together
// never run the same step twice. "proctor" in ASCII.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(31654957184938866)";

// Parameters travel as text, and the server reads each as its column's type.
std::string param(const std::string& text) {
  // libpq passes text parameters as C strings: a NUL byte would cut the value
  // short without a word. Refuse it rather than store less than was given.
  if (text.find('\0') != std::string::npos) {
    throw Conflict("PostgreSQL text cannot hold a NUL byte");
  }
  return text;
}
std::string param(std::int64_t value) {
  return std::to_string(value);
}
std::string param(int value) {
  return std::to_string(value);
}
std::string param(bool value) {
  return value ? "1" : "0";
}
std::string param(double value) {
  // The shortest text that reads back as exactly this double.
  std::array<char, 64> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (ec != std::errc()) throw StoreError("cannot format a number");
  return {buffer.data(), end};
}

// A query's result; rows and columns counted from 0, as libpq does.
class Result {
 public:
  explicit Result(PGresult* result) : result_(result) {}
  ~Result() { PQclear(result_); }
  Result(Result&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  Result& operator=(Result&&) = delete;

  [[nodiscard]] int rows() const { return PQntuples(result_); }
  [[nodiscard]] std::string text(int row, int column) const {
    return {PQgetvalue(result_, row, column),
            static_cast<std::size_t>(PQgetlength(result_, row, column))};
  }
  [[nodiscard]] std::int64_t integer(int row, int column) const {
    return number<std::int64_t>(PQgetvalue(result_, row, column));
  }
  [[nodiscard]] double real(int row, int column) const {
    return number<double>(PQgetvalue(result_, row, column));
  }
  // Rows an INSERT, UPDATE or DELETE touched.
  [[nodiscard]] std::int64_t affected() const { return number<std::int64_t>(PQcmdTuples(result_)); }
  [[nodiscard]] std::string command() const { return PQcmdStatus(result_); }

 private:
  template <typename Number>
  static Number number(const char* text) {
    Number value{};
    const char* end = text + std::strlen(text);
    const auto [ptr, ec] = std::from_chars(text, end, value);
    if (ec != std::errc() || ptr != end) {
      throw StoreError(std::string("PostgreSQL returned '") + text + "' for a number");
    }
    return value;
  }

  PGresult* result_;
};

std::string trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// Throws unless the statement succeeded. A broken rule of the data (class
// 23: a duplicate key above all, or a missing referenced row) is the
// request's fault, as SQLITE_CONSTRAINT is in the SQLite store; anything
// else is the store's.
Result checked(PGconn* connection, PGresult* raw) {
  if (raw == nullptr) throw StoreError("PostgreSQL: " + trimmed(PQerrorMessage(connection)));
  Result result(raw);
  const ExecStatusType status = PQresultStatus(raw);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  const char* state = PQresultErrorField(raw, PG_DIAG_SQLSTATE);
  const std::string message = trimmed(PQresultErrorMessage(raw));
  if (state != nullptr && std::strncmp(state, "23", 2) == 0) throw Conflict(message);
  throw StoreError("PostgreSQL: " + message);
}

// Statements without parameters: migrations and transaction control.
Result exec(PGconn* connection, const std::string& sql) {
  return checked(connection, PQexec(connection, sql.c_str()));
}

// One statement with its parameters bound ($1, $2, ...), never spliced in.
template <typename... Args>
Result query(PGconn* connection, const char* sql, const Args&... args) {
  const std::array<std::string, sizeof...(Args)> values{param(args)...};
  std::array<const char*, sizeof...(Args)> pointers{};
  for (std::size_t i = 0; i < values.size(); ++i) pointers[i] = values[i].c_str();
  return checked(connection, PQexecParams(connection, sql, static_cast<int>(values.size()), nullptr,
                                          pointers.data(), nullptr, nullptr, 0));
}

// Runs `body` in a transaction: committed when it returns, rolled back when
// it throws. COMMIT of a transaction that failed answers ROLLBACK: that is
// an error here, never a success.
template <typename Body>
auto transaction(PGconn* connection, const Body& body) -> decltype(body()) {
  exec(connection, "BEGIN");
  try {
    if constexpr (std::is_void_v<decltype(body())>) {
      body();
      if (exec(connection, "COMMIT").command() != "COMMIT") throw StoreError("rolled back");
    } else {
      auto value = body();
      if (exec(connection, "COMMIT").command() != "COMMIT") throw StoreError("rolled back");
      return value;
    }
  } catch (...) {
    // Best effort: if this fails too, the connection is not idle and is
    // reset before its next use.
    PQclear(PQexec(connection, "ROLLBACK"));
    throw;
  }
}

void log_notice(void*, const char* message) {
  log(Level::Debug, "postgresql notice", {{"message", trimmed(message)}});
}

// A connection between calls has nothing to say. If the server wrote to it
// anyway, that is its goodbye (a FATAL as it shut down, then the close):
// read it, so that libpq notices the connection is gone before a query
// fails on it.
bool still_connected(PGconn* connection) {
  if (PQstatus(connection) != CONNECTION_OK) return false;
  if (PQtransactionStatus(connection) != PQTRANS_IDLE) return false;
  for (int reads = 0; reads < 8; ++reads) {
    pollfd ready{PQsocket(connection), POLLIN, 0};
    if (::poll(&ready, 1, 0) <= 0) return true;
    if (PQconsumeInput(connection) == 0) return false;
    while (PGnotify* note = PQnotifies(connection)) PQfreemem(note);
  }
  return PQstatus(connection) == CONNECTION_OK;
}

// A few connections, each used by one call at a time. A connection that
// dropped is reset when a call next takes it (once per call): a database
// that goes away and comes back is found again without a restart, and the
// calls made while it is away throw StoreError.
class Pool {
 public:
  // A connection that answers, for one call; StoreError when there is none.
  class Lease {
   public:
    explicit Lease(Pool& pool) : pool_(pool) {
      bool fresh = false;
      connection_ = pool.acquire(fresh);
      try {
        pool.make_ready(connection_, fresh);
      } catch (...) {
        pool.give_back(connection_);
        throw;
      }
    }
    ~Lease() { pool_.give_back(connection_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    operator PGconn*() const { return connection_; }  // NOLINT(google-explicit-constructor)

   private:
    Pool& pool_;
    PGconn* connection_ = nullptr;
  };

  explicit Pool(std::string conninfo) : conninfo_(std::move(conninfo)) {}
  ~Pool() {
    for (PGconn* connection : idle_) PQfinish(connection);
  }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

 private:
  // An idle connection, or a new one when fewer than kPoolSize are open;
  // `fresh` says which. Waits while every connection is in use.
  PGconn* acquire(bool& fresh) {
    {
      std::unique_lock lock(mutex_);
      freed_.wait(lock, [this] { return !idle_.empty() || opened_ < kPoolSize; });
      fresh = idle_.empty();
      if (!fresh) {
        PGconn* connection = idle_.back();
        idle_.pop_back();
        return connection;
      }
      ++opened_;
    }
    return connect();
  }

  // Resets a connection that dropped, once; a fresh one has just tried.
  static void make_ready(PGconn* connection, bool fresh) {
    if (!fresh && !still_connected(connection)) {
      PQreset(connection);
      // A failure is the caller's to log (with what it was doing); the
      // return is worth a line of its own.
      if (PQstatus(connection) == CONNECTION_OK) log(Level::Info, "reconnected to PostgreSQL");
    }
    if (PQstatus(connection) != CONNECTION_OK) {
      throw StoreError("PostgreSQL is unreachable: " + trimmed(PQerrorMessage(connection)));
    }
  }

  PGconn* connect() {
    // Defaults first: the connection string (dbname, expanded) comes last and
    // overrides any of them. Keepalives find a peer that vanished without a
    // word within a minute instead of two hours.
    const char* const keys[] = {"connect_timeout",
                                "application_name",
                                "client_encoding",
                                "keepalives_idle",
                                "keepalives_interval",
                                "keepalives_count",
                                "tcp_user_timeout",
                                "dbname",
                                nullptr};
    const char* const values[] = {"5",     "proctord",        "UTF8", "30", "10", "3",
                                  "60000", conninfo_.c_str(), nullptr};
    PGconn* connection = PQconnectdbParams(keys, values, 1);
    if (connection == nullptr) {
      const std::lock_guard lock(mutex_);
      --opened_;
      freed_.notify_one();
      throw StoreError("PostgreSQL: out of memory");
    }
    PQsetNoticeProcessor(connection, log_notice, nullptr);
    return connection;  // possibly not connected: make_ready() says so
  }

  void give_back(PGconn* connection) {
    const std::lock_guard lock(mutex_);
    idle_.push_back(connection);
    freed_.notify_one();
  }

  const std::string conninfo_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<PGconn*> idle_;
  std::size_t opened_ = 0;
};

constexpr const char* kSelectAccount =
    "SELECT id, email, name, role, password_hash, created_at FROM accounts";
constexpr const char* kSelectAssessment =
    "SELECT id, title, created_by, duration_s, pass_mark, negative_marking, show_sample_results, "
    "created_at FROM assessments";
constexpr const char* kSelectItems =
    "SELECT assessment_id, kind, ref, version, points, snapshot FROM assessment_items";
constexpr const char* kSelectInvitation =
    "SELECT id, assessment_id, candidate_name, candidate_email, token_hash, expires_at, "
    "extra_time_pct, status, created_at, started_at, deadline_at, submitted_at, graded_at, "
    "score, max_score, passed FROM invitations";

Account account(const Result& r, int row) {
  return {r.integer(row, 0), r.text(row, 1),
          r.text(row, 2),    parse_role(r.text(row, 3)).value_or(Role::Recruiter),
          r.text(row, 4),    r.integer(row, 5)};
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

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(std::string conninfo) : pool_(std::move(conninfo)) {}

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
                 "UPDATE invitations SET status = 'revoked' WHERE id = $1 AND status = 'invited'",
                 id)
               .affected() == 1;
  }

  bool replace_invitation_token(std::int64_t id, const std::string& token_hash,
                                std::int64_t expires_at) override {
    const Pool::Lease c(pool_);
    return query(c,
                 "UPDATE invitations SET token_hash = $1, expires_at = $2, status = 'invited' "
                 "WHERE id = $3 AND status IN ('invited', 'revoked')",
                 token_hash, expires_at, id)
               .affected() == 1;
  }

  bool start_attempt(std::int64_t id, std::int64_t started_at, std::int64_t deadline_at) override {
    const Pool::Lease c(pool_);
    return query(c,
                 "UPDATE invitations SET status = 'started', started_at = $1, deadline_at = $2 "
                 "WHERE id = $3 AND status = 'invited'",
                 started_at, deadline_at, id)
               .affected() == 1;
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
    transaction(c, [&] {
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
            "UPDATE invitations SET graded_at = $1, score = $2, max_score = $3, passed = $4 "
            "WHERE id = $5",
            grade.graded_at, grade.score, grade.max_score, grade.passed, grade.attempt);
    });
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
    return query(c, "UPDATE invitations SET graded_at = 0 WHERE id = $1 AND status = 'submitted'",
                 id)
        .affected();
  }

  std::int64_t request_assessment_regrade(std::int64_t assessment_id) override {
    const Pool::Lease c(pool_);
    return query(c,
                 "UPDATE invitations SET graded_at = 0 "
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

 private:
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

  // A save that reaches the database after the attempt was graded (accepted
  // before the end, committed after) asks for a fresh grade.
  static void regrade_if_graded(PGconn* c, std::int64_t id) {
    query(c,
          "UPDATE invitations SET graded_at = 0 "
          "WHERE id = $1 AND status = 'submitted' AND graded_at <> 0",
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

  Pool pool_;
};

}  // namespace

std::unique_ptr<Store> open_postgres_store(const std::string& conninfo) {
  auto store = std::make_unique<PostgresStore>(conninfo);
  store->migrate();
  return store;
}

}  // namespace proctord
