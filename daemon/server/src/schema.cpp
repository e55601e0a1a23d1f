#include "schema.hpp"

#include <string>

#include "proctord/store.hpp"

namespace proctord::schema {
namespace {

// The schema, one step per version. Portable SQL (SQLite and PostgreSQL):
// BIGINT keys, TEXT, no vendor types; times are Unix milliseconds. @KEY@
// stands for the self-numbering key column, spelled per dialect below.
const char* const kMigrations[] = {
    // 1: accounts and sessions
    "CREATE TABLE accounts ("
    "  id @KEY@,"
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
    "  id @KEY@,"
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
    "  id @KEY@,"
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
    // 3: what candidates give: answers, the code's saved history, events
    "CREATE TABLE answers ("
    "  invitation_id BIGINT NOT NULL REFERENCES invitations(id),"
    "  position INTEGER NOT NULL,"
    "  choices TEXT NOT NULL DEFAULT '[]',"
    "  code TEXT NOT NULL DEFAULT '',"
    "  submitted INTEGER NOT NULL DEFAULT 0,"
    "  updated_at BIGINT NOT NULL,"
    "  PRIMARY KEY (invitation_id, position));"
    "CREATE TABLE code_history ("
    "  invitation_id BIGINT NOT NULL REFERENCES invitations(id),"
    "  position INTEGER NOT NULL,"
    "  saved_at BIGINT NOT NULL,"
    "  code TEXT NOT NULL);"
    "CREATE INDEX code_history_by_answer ON code_history(invitation_id, position, saved_at);"
    "CREATE TABLE events ("
    "  invitation_id BIGINT NOT NULL REFERENCES invitations(id),"
    "  at BIGINT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  detail TEXT NOT NULL);"
    "CREATE INDEX events_by_attempt ON events(invitation_id, at);",
    // 4: grading: pinned MCQ keys, runs made, final grades
    "ALTER TABLE assessment_items ADD COLUMN snapshot TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE answers ADD COLUMN runs BIGINT NOT NULL DEFAULT 0;"
    "ALTER TABLE invitations ADD COLUMN graded_at BIGINT NOT NULL DEFAULT 0;"
    "ALTER TABLE invitations ADD COLUMN score DOUBLE PRECISION NOT NULL DEFAULT 0;"
    "ALTER TABLE invitations ADD COLUMN max_score DOUBLE PRECISION NOT NULL DEFAULT 0;"
    "ALTER TABLE invitations ADD COLUMN passed INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX invitations_to_grade ON invitations(status, graded_at);"
    "CREATE TABLE grades ("
    "  invitation_id BIGINT NOT NULL REFERENCES invitations(id),"
    "  position INTEGER NOT NULL,"
    "  score DOUBLE PRECISION NOT NULL,"
    "  max_score DOUBLE PRECISION NOT NULL,"
    "  detail TEXT NOT NULL,"
    "  PRIMARY KEY (invitation_id, position));",
    // 5: work shared by several processes (PostgreSQL): grading jobs, and
    // every pinned problem package by its content hash
    "CREATE TABLE grading_jobs ("
    "  id @KEY@,"
    "  kind TEXT NOT NULL CHECK (kind IN ('run', 'grade')),"
    "  attempt BIGINT NOT NULL REFERENCES invitations(id),"
    "  version TEXT NOT NULL DEFAULT '',"
    "  code TEXT NOT NULL DEFAULT '',"
    "  input TEXT,"
    "  state TEXT NOT NULL"
    "    CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),"
    "  tries INTEGER NOT NULL DEFAULT 0,"
    "  lease_owner TEXT NOT NULL DEFAULT '',"
    "  lease_until BIGINT NOT NULL DEFAULT 0,"
    "  posted_at BIGINT NOT NULL,"
    "  finished_at BIGINT NOT NULL DEFAULT 0,"
    "  result TEXT NOT NULL DEFAULT '');"
    // Only open jobs: claims walk it in id order without passing the
    // finished runs kept for an hour (with them in the index, PostgreSQL
    // chose to walk the primary key past every finished row).
    "CREATE INDEX grading_jobs_open ON grading_jobs(kind, id) "
    "  WHERE state IN ('queued', 'running');"
    // At most one open grade job per attempt, however many graders post.
    "CREATE UNIQUE INDEX grading_jobs_one_open_grade ON grading_jobs(attempt) "
    "  WHERE kind = 'grade' AND state IN ('queued', 'running');"
    // Grades asked for again (regrades, saves that landed late): a grade
    // begun before the latest request does not mark the attempt graded.
    "ALTER TABLE invitations ADD COLUMN grade_requests BIGINT NOT NULL DEFAULT 0;"
    "CREATE TABLE problem_packages ("
    "  content_hash TEXT PRIMARY KEY,"
    "  slug TEXT NOT NULL,"
    "  archive TEXT NOT NULL);",  // hexadecimal: portable, and no NUL in text
    // 6: accounts an admin has disabled (0: active); kept, not deleted, since
    // assessments and uploads name who made them.
    "ALTER TABLE accounts ADD COLUMN disabled_at BIGINT NOT NULL DEFAULT 0;"
    // Several daemons: a run's result for a candidate who moved to another
    // daemon, until that daemon has pushed it (kept minutes, not more).
    "CREATE TABLE relayed_results ("
    "  id @KEY@,"
    "  attempt BIGINT NOT NULL,"
    "  message TEXT NOT NULL,"
    "  relayed_at BIGINT NOT NULL);",
};

// The one thing SQLite and PostgreSQL spell differently: a key the database
// numbers by itself. SQLite's INTEGER PRIMARY KEY is the 64-bit rowid;
// PostgreSQL's identity column is its standard equivalent.
const char* key_column(Dialect dialect) {
  return dialect == Dialect::Sqlite ? "INTEGER PRIMARY KEY"
                                    : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
}

}  // namespace

std::vector<std::string> migrations(Dialect dialect) {
  static const std::string kKey = "@KEY@";
  std::vector<std::string> steps;
  for (const char* text : kMigrations) {
    std::string step(text);
    for (auto at = step.find(kKey); at != std::string::npos; at = step.find(kKey, at)) {
      step.replace(at, kKey.size(), key_column(dialect));
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

void refuse_newer(int version, std::size_t known_steps) {
  if (version <= static_cast<int>(known_steps)) return;
  throw StoreError("the database's schema is version " + std::to_string(version) +
                   ", newer than this proctord knows (" + std::to_string(known_steps) +
                   "): run the proctord that migrated it, or restore the backup taken "
                   "before that upgrade");
}

}  // namespace proctord::schema
