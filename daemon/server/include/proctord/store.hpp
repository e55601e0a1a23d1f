// The store: everything proctord keeps. One interface, so that SQLite (the
// default, embedded) and PostgreSQL (several daemons) are interchangeable;
// its SQL stays portable. Every write is committed before it returns:
// anything a client is told is saved is on disk first.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace proctord {

enum class Role { Admin, Recruiter, Author };
const char* role_name(Role role);
std::optional<Role> parse_role(const std::string& name);

struct Account {
  std::int64_t id = 0;
  std::string email;
  std::string name;
  Role role = Role::Recruiter;
  std::string password_hash;     // Argon2id, libsodium's crypto_pwhash_str format
  std::int64_t created_at = 0;   // Unix milliseconds
  std::int64_t disabled_at = 0;  // when an admin disabled it; 0: active
};

struct Session {
  std::string token_hash;  // sha256 of the cookie's token: a leaked database leaks no session
  std::int64_t account_id = 0;
  std::string csrf_token;
  std::int64_t expires_at = 0;
};

// One question of an assessment, pinned to the version it was given in.
struct AssessmentItem {
  std::string kind;     // "problem" or "mcq"
  std::string ref;      // a problem's slug, or "set/question-id"
  std::string version;  // sha256 of the problem package or of the question
  double points = 0;
  // MCQ: the question as it was pinned (JSON: text, options, correct,
  // multiple), so that scoring and regrades use the key given with it.
  std::string snapshot;
};

struct Assessment {
  std::int64_t id = 0;
  std::string title;
  std::int64_t created_by = 0;
  std::int64_t duration_s = 0;
  double pass_mark = 0;  // percent of the total points
  bool negative_marking = false;
  bool show_sample_results = true;
  std::int64_t created_at = 0;
  std::vector<AssessmentItem> items;
};

// An invitation is also the candidate's attempt: invited, then started,
// then submitted (or expired, or revoked before it started).
struct Invitation {
  std::int64_t id = 0;
  std::int64_t assessment_id = 0;
  std::string candidate_name;
  std::string candidate_email;
  std::string token_hash;       // sha256 of the link's token
  std::int64_t expires_at = 0;  // the link's expiry
  int extra_time_pct = 0;       // accommodations: the duration is multiplied by 1 + pct/100
  std::string status = "invited";
  std::int64_t created_at = 0;
  std::int64_t started_at = 0;
  std::int64_t deadline_at = 0;
  std::int64_t submitted_at = 0;
  // Grading: 0 until the final grade is stored (and again when a regrade
  // is asked for); the grader picks up submitted attempts with 0 here.
  std::int64_t graded_at = 0;
  double score = 0;
  double max_score = 0;
  bool passed = false;
  // How many times a fresh grade was asked for (a regrade, a save that
  // reached the store after submission). A grade answers the request it
  // began under; one asked for meanwhile keeps the attempt ungraded.
  std::int64_t grade_requests = 0;
};

// What a candidate has given for one question of an attempt.
struct Answer {
  int position = 0;
  std::string choices = "[]";  // MCQ: a JSON array of option indexes
  std::string code;            // coding: the latest saved code
  bool submitted = false;
  std::int64_t updated_at = 0;
  std::int64_t runs = 0;  // sample and custom runs made
};

struct CodeSnapshot {
  int position = 0;
  std::int64_t saved_at = 0;
  std::string code;
};

// The final grade of one question of an attempt.
struct QuestionGrade {
  int position = 0;
  double score = 0;
  double max_score = 0;
  std::string detail;  // JSON: a coding question's test results, or an MCQ's choices and key
};

struct AttemptGrade {
  std::int64_t attempt = 0;
  double score = 0;
  double max_score = 0;
  bool passed = false;
  std::int64_t graded_at = 0;
  std::vector<QuestionGrade> questions;
  std::int64_t grade_requests = 0;  // Invitation::grade_requests when grading began
};

struct Event {
  std::int64_t at = 0;
  std::string kind;    // focus_lost, focus_gained, paste, fullscreen_exit, connection_replaced, ...
  std::string detail;  // JSON
};

// One write of a candidate's work, for group commit: many connections'
// autosaves share one transaction and one disk flush.
struct AttemptWrite {
  enum class Kind { Code, Choices, Event, RunMade };
  Kind kind = Kind::Code;
  std::int64_t attempt = 0;
  int position = 0;
  std::string text;  // the code, or the choices as JSON
  std::int64_t at = 0;
  bool snapshot = false;  // Code: also keep it in the history
  Event event;            // Event
};

// A failure of the store itself (disk, database gone): never the client's.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The request would break a rule of the data (a duplicate e-mail, ...).
class Conflict : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Store {
 public:
  virtual ~Store() = default;

  // Brings the schema up to date; returns the version now in place.
  virtual int migrate() = 0;
  virtual int schema_version() = 0;

  virtual std::int64_t create_account(const Account& account) = 0;  // throws Conflict
  virtual std::optional<Account> find_account(std::int64_t id) = 0;
  virtual std::optional<Account> find_account_by_email(const std::string& email) = 0;
  virtual std::vector<Account> list_accounts() = 0;
  virtual std::int64_t count_accounts() = 0;
  // Disables the account at `at` (its sessions end with it), or enables it
  // again with 0; false when there is no such account.
  virtual bool set_account_disabled(std::int64_t id, std::int64_t at) = 0;
  // A new password: every session of the account ends in the same
  // transaction. False when there is no such account.
  virtual bool set_password_hash(std::int64_t id, const std::string& hash) = 0;

  virtual void create_session(const Session& session) = 0;
  virtual std::optional<Session> find_session(const std::string& token_hash) = 0;
  virtual void delete_session(const std::string& token_hash) = 0;
  virtual void delete_expired_sessions(std::int64_t now) = 0;

  // The assessment and its items, in one transaction.
  virtual std::int64_t create_assessment(const Assessment& assessment) = 0;
  virtual std::optional<Assessment> find_assessment(std::int64_t id) = 0;
  virtual std::vector<Assessment> list_assessments() = 0;  // items included

  virtual std::int64_t create_invitation(const Invitation& invitation) = 0;
  virtual std::optional<Invitation> find_invitation(std::int64_t id) = 0;
  virtual std::optional<Invitation> find_invitation_by_token(const std::string& token_hash) = 0;
  virtual std::vector<Invitation> list_invitations(std::int64_t assessment_id) = 0;
  // Only an invitation not yet started (invited or expired) can be revoked
  // or given a new token; false when it is past that.
  virtual bool revoke_invitation(std::int64_t id) = 0;
  virtual bool replace_invitation_token(std::int64_t id, const std::string& token_hash,
                                        std::int64_t expires_at) = 0;

  // invited -> started with the deadline fixed now; false if not invited
  // or the link's expiry is at or before `started_at`.
  virtual bool start_attempt(std::int64_t id, std::int64_t started_at,
                             std::int64_t deadline_at) = 0;
  // invited -> expired for every link whose expiry is at or before `now`
  // (it was never used to start); how many.
  virtual std::int64_t expire_invitations(std::int64_t now) = 0;
  // started -> `status` (submitted); false if it was not started.
  virtual bool end_attempt(std::int64_t id, const std::string& status, std::int64_t at) = 0;
  // Moves a started attempt's deadline later (outage credit); false if it
  // is not started.
  virtual bool extend_deadline(std::int64_t id, std::int64_t by_ms) = 0;
  // Started attempts whose deadline is at or before `now`.
  virtual std::vector<Invitation> overdue_attempts(std::int64_t now) = 0;

  virtual void save_choices(std::int64_t id, int position, const std::string& choices,
                            std::int64_t at) = 0;
  // Saves the code; `snapshot` also keeps it in the history for playback.
  virtual void save_code(std::int64_t id, int position, const std::string& code, std::int64_t at,
                         bool snapshot) = 0;
  virtual void submit_answer(std::int64_t id, int position, std::int64_t at) = 0;
  // Every write in one transaction: all of them are on disk when it
  // returns, or none (it throws StoreError).
  virtual void apply_writes(const std::vector<AttemptWrite>& writes) = 0;
  virtual std::vector<Answer> answers(std::int64_t id) = 0;
  virtual std::int64_t history_size(std::int64_t id, int position) = 0;

  virtual void record_event(std::int64_t id, const Event& event) = 0;
  virtual std::vector<Event> events(std::int64_t id) = 0;

  virtual void count_run(std::int64_t id, int position, std::int64_t at) = 0;
  virtual std::vector<CodeSnapshot> code_history(std::int64_t id) = 0;

  // Attempts submitted at or before `submitted_before` and waiting for
  // their final grade, oldest first.
  virtual std::vector<std::int64_t> ungraded_attempts(std::int64_t submitted_before,
                                                      std::size_t limit) = 0;
  // Replaces the attempt's grade and marks it graded, in one transaction;
  // left ungraded (to be graded again) when a grade was asked for after
  // `grade.grade_requests`.
  virtual void save_grade(const AttemptGrade& grade) = 0;
  virtual std::vector<QuestionGrade> question_grades(std::int64_t id) = 0;
  // Asks for a fresh grade of a submitted attempt (or of every submitted
  // attempt of an assessment); returns how many will be regraded.
  virtual std::int64_t request_regrade(std::int64_t id) = 0;
  virtual std::int64_t request_assessment_regrade(std::int64_t assessment_id) = 0;
  // Attempts by state, for /metrics.
  virtual std::vector<std::pair<std::string, std::int64_t>> count_attempts_by_status() = 0;
};

// Opens (creating if needed) the SQLite database at `path` in WAL mode with
// foreign keys and synchronous commits. Throws StoreError.
std::unique_ptr<Store> open_sqlite_store(const std::string& path);

// Connects to PostgreSQL (a libpq connection string or a postgresql:// URL)
// and migrates the schema. Several proctord processes may share the
// database. Throws StoreError when it cannot be reached.
std::unique_ptr<Store> open_postgres_store(const std::string& conninfo);

// The store a configuration names: a postgresql:// or postgres:// URL is
// PostgreSQL; empty is SQLite in `data_dir`/proctord.db.
bool is_postgres_url(const std::string& spec);
std::unique_ptr<Store> open_store(const std::string& spec, const std::string& data_dir);

}  // namespace proctord
