// The store's contract, against both implementations: SQLite on a real file
// and PostgreSQL 15 on a server of the tests' own (postgres_server.hpp), a
// fresh database per test. Every test runs on both, and both must answer
// the same.
#include "proctord/store.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "postgres_server.hpp"
#include "proctord/config.hpp"
#include "proctord/job_board.hpp"

namespace proctord {
namespace {

namespace fs = std::filesystem;
using proctord_test::shared_postgres;

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      std::string pattern = (fs::temp_directory_path() / "store-XXXXXX").string();
      ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
      dir_ = pattern;
    } else {
      url_ = shared_postgres().create_database();
    }
    store_ = reopen();
  }
  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) {
      std::error_code ignored;
      fs::remove_all(dir_, ignored);
    }
  }

  // Another handle on the same database, as after a restart.
  std::unique_ptr<Store> reopen() {
    return dir_.empty() ? open_postgres_store(url_) : open_sqlite_store((dir_ / "t.db").string());
  }

  std::int64_t account(const std::string& email = "a@example.com") {
    return store_->create_account({0, email, "A", Role::Admin, "hash", 1000});
  }
  std::int64_t assessment(std::vector<AssessmentItem> items = {{"problem", "gcd", "v1", 10, ""}}) {
    Assessment a;
    a.title = "Backend";
    a.created_by = account("owner" + std::to_string(++made_) + "@example.com");
    a.duration_s = 3600;
    a.pass_mark = 62.5;
    a.negative_marking = true;
    a.show_sample_results = false;
    a.created_at = 2000;
    a.items = std::move(items);
    return store_->create_assessment(a);
  }
  std::int64_t invite(std::int64_t assessment_id, const std::string& token) {
    Invitation i;
    i.assessment_id = assessment_id;
    i.candidate_name = "Cand";
    i.candidate_email = token + "@example.com";
    i.token_hash = token;
    i.expires_at = 10500;  // after the attempts below start, at 10000
    i.extra_time_pct = 25;
    i.created_at = 3000;
    return store_->create_invitation(i);
  }
  // An attempt in the state asked for: invited, started or submitted.
  std::int64_t attempt(const std::string& token, const std::string& state,
                       std::int64_t deadline = 50000, std::int64_t submitted_at = 40000) {
    if (assessment_ == 0) assessment_ = assessment();
    const std::int64_t id = invite(assessment_, token);
    if (state != "invited") {
      EXPECT_TRUE(store_->start_attempt(id, 10000, deadline));
    }
    if (state == "submitted") {
      EXPECT_TRUE(store_->end_attempt(id, "submitted", submitted_at));
    }
    return id;
  }
  static AttemptWrite code_write(std::int64_t id, int position, std::string text, std::int64_t at) {
    AttemptWrite w;
    w.kind = AttemptWrite::Kind::Code;
    w.attempt = id;
    w.position = position;
    w.text = std::move(text);
    w.at = at;
    w.snapshot = true;
    return w;
  }

  // Puts the schema at `version` behind the store's back, as a newer
  // proctord would have left it.
  void force_schema_version(int version) {
    const std::string sql = "UPDATE schema_version SET version = " + std::to_string(version);
    if (dir_.empty()) {
      PGconn* c = PQconnectdb(url_.c_str());
      PGresult* r = PQexec(c, sql.c_str());
      EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQerrorMessage(c);
      PQclear(r);
      PQfinish(c);
    } else {
      sqlite3* db = nullptr;
      ASSERT_EQ(sqlite3_open((dir_ / "t.db").string().c_str(), &db), SQLITE_OK);
      EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
      sqlite3_close(db);
    }
  }

  fs::path dir_;
  std::string url_;
  std::unique_ptr<Store> store_;
  std::int64_t assessment_ = 0;
  int made_ = 0;
};

TEST_P(StoreTest, MigrateIsIdempotentAndTheVersionPersists) {
  const int version = store_->schema_version();
  EXPECT_GE(version, 4);
  EXPECT_EQ(store_->migrate(), version);
  EXPECT_EQ(store_->migrate(), version);
  account();
  store_.reset();
  store_ = reopen();  // migrates again, over data
  EXPECT_EQ(store_->schema_version(), version);
  EXPECT_EQ(store_->count_accounts(), 1);
}

// An older proctord must not write to a schema that a newer one migrated.
TEST_P(StoreTest, ASchemaNewerThanThisBuildIsRefused) {
  const int version = store_->schema_version();
  store_.reset();
  force_schema_version(version + 1);
  try {
    store_ = reopen();
    FAIL() << "opened a schema newer than this build";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("newer than this proctord"), std::string::npos)
        << error.what();
  }
  force_schema_version(version);
  store_ = reopen();
  EXPECT_EQ(store_->schema_version(), version);
}

TEST_P(StoreTest, AccountsAndTheirUniqueEmail) {
  EXPECT_EQ(store_->count_accounts(), 0);
  const std::int64_t admin = store_->create_account({0, "ad@x.org", "Ad", Role::Admin, "h1", 11});
  const std::int64_t rec = store_->create_account({0, "re@x.org", "Re", Role::Recruiter, "h2", 12});
  const std::int64_t aut = store_->create_account({0, "au@x.org", "Au", Role::Author, "h3", 13});
  EXPECT_LT(admin, rec);
  EXPECT_LT(rec, aut);
  EXPECT_THROW(store_->create_account({0, "re@x.org", "Other", Role::Author, "h4", 14}), Conflict);
  EXPECT_EQ(store_->count_accounts(), 3);

  const std::optional<Account> found = store_->find_account(rec);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->email, "re@x.org");
  EXPECT_EQ(found->name, "Re");
  EXPECT_EQ(found->role, Role::Recruiter);
  EXPECT_EQ(found->password_hash, "h2");
  EXPECT_EQ(found->created_at, 12);
  ASSERT_TRUE(store_->find_account_by_email("au@x.org"));
  EXPECT_EQ(store_->find_account_by_email("au@x.org")->id, aut);
  EXPECT_EQ(store_->find_account_by_email("au@x.org")->role, Role::Author);
  EXPECT_FALSE(store_->find_account_by_email("nobody@x.org"));
  EXPECT_FALSE(store_->find_account(aut + 100));

  const std::vector<Account> all = store_->list_accounts();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, admin);
  EXPECT_EQ(all[0].role, Role::Admin);
  EXPECT_EQ(all[2].email, "au@x.org");
}

TEST_P(StoreTest, DisablingAnAccountOrResettingItsPasswordEndsItsSessions) {
  const std::int64_t who = account();
  const std::int64_t other = store_->create_account({0, "o@x.org", "O", Role::Author, "h", 1});
  store_->create_session({"mine", who, "c1", 1000});
  store_->create_session({"theirs", other, "c2", 1000});

  EXPECT_TRUE(store_->set_account_disabled(who, 500));
  EXPECT_EQ(store_->find_account(who)->disabled_at, 500);
  EXPECT_FALSE(store_->find_session("mine"));
  EXPECT_TRUE(store_->find_session("theirs"));
  EXPECT_TRUE(store_->set_account_disabled(who, 0));  // enabled again
  EXPECT_EQ(store_->find_account(who)->disabled_at, 0);
  EXPECT_EQ(store_->list_accounts()[0].disabled_at, 0);

  store_->create_session({"mine-again", who, "c3", 1000});
  EXPECT_TRUE(store_->set_password_hash(who, "new-hash"));
  EXPECT_EQ(store_->find_account(who)->password_hash, "new-hash");
  EXPECT_FALSE(store_->find_session("mine-again"));
  EXPECT_TRUE(store_->find_session("theirs"));

  EXPECT_FALSE(store_->set_account_disabled(other + 99, 1));
  EXPECT_FALSE(store_->set_password_hash(other + 99, "x"));
}

TEST_P(StoreTest, SessionsAndTheirExpiry) {
  const std::int64_t who = account();
  store_->create_session({"old", who, "csrf-old", 100});
  store_->create_session({"edge", who, "csrf-edge", 200});
  store_->create_session({"new", who, "csrf-new", 300});
  const std::optional<Session> found = store_->find_session("new");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->account_id, who);
  EXPECT_EQ(found->csrf_token, "csrf-new");
  EXPECT_EQ(found->expires_at, 300);
  EXPECT_THROW(store_->create_session({"new", who, "again", 400}), Conflict);
  EXPECT_THROW(store_->create_session({"orphan", who + 99, "c", 400}), Conflict);

  store_->delete_expired_sessions(200);  // at or before
  EXPECT_FALSE(store_->find_session("old"));
  EXPECT_FALSE(store_->find_session("edge"));
  EXPECT_TRUE(store_->find_session("new"));
  store_->delete_session("new");
  EXPECT_FALSE(store_->find_session("new"));
  store_->delete_session("never-was");  // not an error
}

TEST_P(StoreTest, AssessmentsKeepTheirItemsInOrder) {
  const std::vector<AssessmentItem> items = {
      {"problem", "gcd", std::string(64, 'a'), 12.5, ""},
      {"mcq", "python/q1", std::string(64, 'b'), 0.1, R"({"text":"é ✓","correct":[1]})"},
      {"problem", "fizz", std::string(64, 'c'), 1e-7, ""}};
  const std::int64_t id = assessment(items);
  const std::int64_t empty = assessment({});

  const std::optional<Assessment> found = store_->find_assessment(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->title, "Backend");
  EXPECT_EQ(found->duration_s, 3600);
  EXPECT_EQ(found->pass_mark, 62.5);
  EXPECT_TRUE(found->negative_marking);
  EXPECT_FALSE(found->show_sample_results);
  EXPECT_EQ(found->created_at, 2000);
  ASSERT_EQ(found->items.size(), 3u);
  for (std::size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(found->items[i].kind, items[i].kind);
    EXPECT_EQ(found->items[i].ref, items[i].ref);
    EXPECT_EQ(found->items[i].version, items[i].version);
    EXPECT_EQ(found->items[i].points, items[i].points);  // exactly: 0.1 and 1e-7 too
    EXPECT_EQ(found->items[i].snapshot, items[i].snapshot);
  }
  EXPECT_FALSE(store_->find_assessment(empty + 100));

  const std::vector<Assessment> all = store_->list_assessments();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, id);
  EXPECT_EQ(all[0].items.size(), 3u);
  EXPECT_EQ(all[0].items[1].ref, "python/q1");
  EXPECT_EQ(all[1].id, empty);
  EXPECT_TRUE(all[1].items.empty());
}

TEST_P(StoreTest, AnAssessmentBreakingARuleLeavesNothing) {
  Assessment bad;
  bad.title = "No time";
  bad.created_by = account();
  bad.duration_s = 0;  // CHECK (duration_s > 0)
  bad.items = {{"problem", "gcd", "v", 1, ""}};
  EXPECT_THROW(store_->create_assessment(bad), Conflict);
  bad.duration_s = 60;
  bad.items.push_back({"essay", "x", "v", 1, ""});  // CHECK on kind, after a good item
  EXPECT_THROW(store_->create_assessment(bad), Conflict);
  EXPECT_TRUE(store_->list_assessments().empty());
  bad.items.pop_back();
  const std::int64_t id = store_->create_assessment(bad);  // the store still works
  EXPECT_EQ(store_->find_assessment(id)->items.size(), 1u);
}

TEST_P(StoreTest, InvitationsByIdTokenAndAssessment) {
  const std::int64_t a = assessment();
  const std::int64_t b = assessment();
  const std::int64_t first = invite(a, "tok1");
  const std::int64_t other = invite(b, "tok2");
  const std::int64_t second = invite(a, "tok3");
  EXPECT_THROW(invite(a, "tok1"), Conflict);
  EXPECT_THROW(invite(b + 100, "tok9"), Conflict);  // no such assessment

  const std::optional<Invitation> found = store_->find_invitation(first);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->assessment_id, a);
  EXPECT_EQ(found->candidate_name, "Cand");
  EXPECT_EQ(found->candidate_email, "tok1@example.com");
  EXPECT_EQ(found->expires_at, 10500);
  EXPECT_EQ(found->extra_time_pct, 25);
  EXPECT_EQ(found->status, "invited");
  EXPECT_EQ(found->created_at, 3000);
  EXPECT_EQ(found->started_at, 0);
  EXPECT_EQ(found->graded_at, 0);
  EXPECT_FALSE(found->passed);
  ASSERT_TRUE(store_->find_invitation_by_token("tok2"));
  EXPECT_EQ(store_->find_invitation_by_token("tok2")->id, other);
  EXPECT_FALSE(store_->find_invitation_by_token("tok9"));
  EXPECT_FALSE(store_->find_invitation(second + 100));

  const std::vector<Invitation> of_a = store_->list_invitations(a);
  ASSERT_EQ(of_a.size(), 2u);
  EXPECT_EQ(of_a[0].id, first);
  EXPECT_EQ(of_a[1].id, second);
  EXPECT_TRUE(store_->list_invitations(b + 100).empty());
}

TEST_P(StoreTest, OnlyAnInvitationNotStartedIsRevokedOrGivenANewToken) {
  const std::int64_t id = attempt("t1", "invited");
  EXPECT_TRUE(store_->revoke_invitation(id));
  EXPECT_EQ(store_->find_invitation(id)->status, "revoked");
  EXPECT_FALSE(store_->revoke_invitation(id));
  EXPECT_FALSE(store_->start_attempt(id, 1, 2));  // a revoked link cannot start

  EXPECT_TRUE(store_->replace_invitation_token(id, "t1-new", 12345));
  const Invitation renewed = *store_->find_invitation(id);
  EXPECT_EQ(renewed.status, "invited");
  EXPECT_EQ(renewed.token_hash, "t1-new");
  EXPECT_EQ(renewed.expires_at, 12345);
  EXPECT_FALSE(store_->find_invitation_by_token("t1"));
  EXPECT_TRUE(store_->replace_invitation_token(id, "t1-newer", 12346));  // invited: again

  const std::int64_t taken = attempt("t2", "invited");
  EXPECT_THROW(store_->replace_invitation_token(id, "t2", 1), Conflict);  // someone's token

  EXPECT_TRUE(store_->start_attempt(taken, 100, 200));
  EXPECT_FALSE(store_->revoke_invitation(taken));
  EXPECT_FALSE(store_->replace_invitation_token(taken, "t2-new", 1));
  EXPECT_EQ(store_->find_invitation(taken)->token_hash, "t2");
  EXPECT_FALSE(store_->revoke_invitation(taken + 100));
}

TEST_P(StoreTest, ALinkNotUsedBeforeItsExpiryExpiresAndCanBeSentAgain) {
  const std::int64_t lapsed = attempt("t1", "invited");  // expires at 10500
  const std::int64_t started = attempt("t2", "started");
  const std::int64_t later = attempt("t3", "invited");
  ASSERT_TRUE(store_->replace_invitation_token(later, "t3", 20000));
  EXPECT_FALSE(store_->start_attempt(lapsed, 10500, 11000));  // at its expiry: too late
  EXPECT_EQ(store_->expire_invitations(10499), 0);
  EXPECT_EQ(store_->expire_invitations(10500), 1);
  EXPECT_EQ(store_->expire_invitations(10500), 0);  // once
  EXPECT_EQ(store_->find_invitation(lapsed)->status, "expired");
  EXPECT_EQ(store_->find_invitation(started)->status, "started");
  EXPECT_EQ(store_->find_invitation(later)->status, "invited");
  EXPECT_FALSE(store_->start_attempt(lapsed, 10000, 11000));

  EXPECT_TRUE(store_->replace_invitation_token(lapsed, "t1-new", 30000));  // resent
  EXPECT_EQ(store_->find_invitation(lapsed)->status, "invited");
  EXPECT_EQ(store_->expire_invitations(20000), 1);  // t3
  EXPECT_TRUE(store_->revoke_invitation(later));    // an expired link can be withdrawn
  EXPECT_EQ(store_->find_invitation(later)->status, "revoked");
}

TEST_P(StoreTest, AttemptsStartEndAndGetMoreTime) {
  const std::int64_t id = attempt("t1", "invited");
  EXPECT_FALSE(store_->end_attempt(id, "submitted", 5));  // not started
  EXPECT_FALSE(store_->extend_deadline(id, 1000));
  EXPECT_TRUE(store_->start_attempt(id, 10000, 20000));
  EXPECT_FALSE(store_->start_attempt(id, 11000, 21000));  // once only
  Invitation started = *store_->find_invitation(id);
  EXPECT_EQ(started.status, "started");
  EXPECT_EQ(started.started_at, 10000);
  EXPECT_EQ(started.deadline_at, 20000);

  EXPECT_TRUE(store_->extend_deadline(id, 1500));
  EXPECT_TRUE(store_->extend_deadline(id, 500));
  EXPECT_EQ(store_->find_invitation(id)->deadline_at, 22000);

  EXPECT_TRUE(store_->end_attempt(id, "submitted", 21000));
  EXPECT_FALSE(store_->end_attempt(id, "expired", 22000));
  EXPECT_FALSE(store_->extend_deadline(id, 1000));
  const Invitation ended = *store_->find_invitation(id);
  EXPECT_EQ(ended.status, "submitted");
  EXPECT_EQ(ended.submitted_at, 21000);
  EXPECT_EQ(ended.deadline_at, 22000);

  const std::int64_t lapsed = attempt("t2", "started");
  EXPECT_TRUE(store_->end_attempt(lapsed, "expired", 60000));
  EXPECT_EQ(store_->find_invitation(lapsed)->status, "expired");
}

TEST_P(StoreTest, OverdueAttemptsAreTheStartedOnesPastTheirDeadline) {
  const std::int64_t late = attempt("t1", "started", 1000);
  attempt("t2", "started", 5001);
  const std::int64_t edge = attempt("t3", "started", 5000);
  attempt("t4", "invited");
  attempt("t5", "submitted", 1000, 900);
  const std::vector<Invitation> overdue = store_->overdue_attempts(5000);
  ASSERT_EQ(overdue.size(), 2u);
  EXPECT_EQ(overdue[0].id, late);
  EXPECT_EQ(overdue[1].id, edge);
  EXPECT_EQ(overdue[1].status, "started");
  EXPECT_TRUE(store_->overdue_attempts(999).empty());
}

TEST_P(StoreTest, AnswersCodeHistoryAndRuns) {
  const std::int64_t id = attempt("t1", "started");
  store_->save_code(id, 1, "print(1)", 100, false);
  EXPECT_EQ(store_->history_size(id, 1), 0);
  store_->save_code(id, 1, "print(2)", 200, true);
  store_->save_code(id, 1, "print(3)", 300, true);
  store_->save_code(id, 0, "x = 1", 150, true);
  store_->save_choices(id, 2, "[1,3]", 400);
  store_->save_choices(id, 2, "[2]", 500);
  store_->count_run(id, 1, 600);
  store_->count_run(id, 1, 700);
  store_->count_run(id, 3, 800);  // a run before any save makes the answer
  store_->submit_answer(id, 1, 900);
  store_->submit_answer(id, 4, 950);

  EXPECT_EQ(store_->history_size(id, 1), 2);
  EXPECT_EQ(store_->history_size(id, 0), 1);
  EXPECT_EQ(store_->history_size(id, 2), 0);
  const std::vector<Answer> answers = store_->answers(id);
  ASSERT_EQ(answers.size(), 5u);
  EXPECT_EQ(answers[0].position, 0);
  EXPECT_EQ(answers[0].code, "x = 1");
  EXPECT_EQ(answers[0].choices, "[]");
  EXPECT_EQ(answers[1].code, "print(3)");
  EXPECT_EQ(answers[1].runs, 2);
  EXPECT_TRUE(answers[1].submitted);
  EXPECT_EQ(answers[1].updated_at, 900);
  EXPECT_EQ(answers[2].choices, "[2]");
  EXPECT_EQ(answers[2].updated_at, 500);
  EXPECT_FALSE(answers[2].submitted);
  EXPECT_EQ(answers[3].runs, 1);
  EXPECT_EQ(answers[3].code, "");
  EXPECT_TRUE(answers[4].submitted);

  const std::vector<CodeSnapshot> history = store_->code_history(id);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].position, 0);
  EXPECT_EQ(history[1].code, "print(2)");
  EXPECT_EQ(history[1].saved_at, 200);
  EXPECT_EQ(history[2].code, "print(3)");
  EXPECT_TRUE(store_->answers(id + 100).empty());
}

TEST_P(StoreTest, LongAndUnicodeCodeComesBackExactly) {
  const std::int64_t id = attempt("t1", "started");
  std::string code = "# ünïcødé ✓ 🐍\nprint('\\t\"quoted\"')\r\n";
  while (code.size() < 200000) code += code;
  store_->save_code(id, 0, code, 1, true);
  EXPECT_EQ(store_->answers(id).at(0).code, code);
  EXPECT_EQ(store_->code_history(id).at(0).code, code);
}

// SQLite keeps a NUL byte; PostgreSQL's text cannot hold one. Either way,
// what is acknowledged is what was given: never a silently shortened copy.
TEST_P(StoreTest, ANulByteIsKeptOrRefusedNeverCut) {
  const std::int64_t id = attempt("t1", "started");
  const std::string code("a = 1\0b = 2", 11);
  bool saved = true;
  try {
    store_->save_code(id, 0, code, 1, true);
  } catch (const Conflict&) {
    saved = false;
  }
  const std::vector<Answer> answers = store_->answers(id);
  if (saved) {
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].code, code);
  } else {
    EXPECT_TRUE(answers.empty());
    EXPECT_EQ(store_->history_size(id, 0), 0);
  }
  EXPECT_EQ(saved, GetParam() == "sqlite");
}

TEST_P(StoreTest, EventsInTimeOrder) {
  const std::int64_t id = attempt("t1", "started");
  store_->record_event(id, {300, "paste", R"({"chars":120})"});
  store_->record_event(id, {100, "focus_lost", "{}"});
  store_->record_event(id, {200, "focus_gained", "{}"});
  const std::vector<Event> events = store_->events(id);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kind, "focus_lost");
  EXPECT_EQ(events[1].at, 200);
  EXPECT_EQ(events[2].detail, R"({"chars":120})");
  EXPECT_THROW(store_->record_event(id + 100, {1, "paste", "{}"}), Conflict);
  EXPECT_TRUE(store_->events(id + 100).empty());
}

TEST_P(StoreTest, ApplyWritesStoresEveryKind) {
  const std::int64_t id = attempt("t1", "started");
  std::vector<AttemptWrite> writes;
  writes.push_back(code_write(id, 0, "v1", 10));
  writes.push_back(code_write(id, 0, "v2", 20));
  AttemptWrite choices;
  choices.kind = AttemptWrite::Kind::Choices;
  choices.attempt = id;
  choices.position = 1;
  choices.text = "[0]";
  choices.at = 30;
  writes.push_back(choices);
  AttemptWrite event;
  event.kind = AttemptWrite::Kind::Event;
  event.attempt = id;
  event.event = {40, "paste", "{}"};
  writes.push_back(event);
  AttemptWrite run;
  run.kind = AttemptWrite::Kind::RunMade;
  run.attempt = id;
  run.position = 0;
  run.at = 50;
  writes.push_back(run);
  store_->apply_writes(writes);
  store_->apply_writes({});

  const std::vector<Answer> answers = store_->answers(id);
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0].code, "v2");
  EXPECT_EQ(answers[0].runs, 1);
  EXPECT_EQ(answers[1].choices, "[0]");
  EXPECT_EQ(store_->history_size(id, 0), 2);
  ASSERT_EQ(store_->events(id).size(), 1u);
  EXPECT_EQ(store_->events(id)[0].kind, "paste");
}

TEST_P(StoreTest, ApplyWritesIsAllOrNothing) {
  const std::int64_t id = attempt("t1", "started");
  store_->save_code(id, 0, "kept", 1, true);
  // The last write names an attempt that does not exist: the batch fails,
  // and the writes before it in the same batch are not kept either.
  const std::vector<AttemptWrite> writes = {code_write(id, 0, "lost", 2),
                                            code_write(id, 1, "lost too", 3),
                                            code_write(id + 100, 0, "bad", 4)};
  EXPECT_ANY_THROW(store_->apply_writes(writes));
  const std::vector<Answer> answers = store_->answers(id);
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].code, "kept");
  EXPECT_EQ(store_->history_size(id, 0), 1);
  // The store is usable after the failed batch.
  store_->apply_writes({code_write(id, 0, "after", 5)});
  EXPECT_EQ(store_->answers(id)[0].code, "after");
}

TEST_P(StoreTest, EveryAcknowledgedWriteIsThereAfterAReopen) {
  const std::int64_t id = attempt("t1", "started");
  store_->apply_writes({code_write(id, 0, "committed", 1)});
  store_->save_choices(id, 1, "[3]", 2);
  store_.reset();
  store_ = reopen();
  const std::vector<Answer> answers = store_->answers(id);
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0].code, "committed");
  EXPECT_EQ(answers[1].choices, "[3]");
}

TEST_P(StoreTest, ManyThreadsAtOnce) {
  const std::int64_t id = attempt("t1", "started");
  constexpr int kThreads = 6;
  constexpr int kSaves = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kSaves; ++i) {
        if (i % 2 == 0) {
          store_->apply_writes({code_write(id, t, std::to_string(i), i)});
        } else {
          store_->save_code(id, t, std::to_string(i), i, true);
        }
        store_->count_run(id, t, i);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const std::vector<Answer> answers = store_->answers(id);
  ASSERT_EQ(answers.size(), static_cast<std::size_t>(kThreads));
  for (const Answer& answer : answers) {
    EXPECT_EQ(answer.code, std::to_string(kSaves - 1));
    EXPECT_EQ(answer.runs, kSaves);
    EXPECT_EQ(store_->history_size(id, answer.position), kSaves);
  }
}

TEST_P(StoreTest, GradesAndRegrades) {
  const std::int64_t older = attempt("t1", "submitted", 50000, 1000);
  const std::int64_t newer = attempt("t2", "submitted", 50000, 2000);
  const std::int64_t later = attempt("t3", "submitted", 50000, 9000);
  const std::int64_t running = attempt("t4", "started");
  EXPECT_EQ(store_->ungraded_attempts(5000, 10), (std::vector<std::int64_t>{older, newer}));
  EXPECT_EQ(store_->ungraded_attempts(5000, 1), (std::vector<std::int64_t>{older}));
  EXPECT_EQ(store_->ungraded_attempts(999, 10).size(), 0u);

  AttemptGrade grade{older, 7.5, 10, true, 6000, {{0, 5, 5, R"({"tests":[]})"}, {1, 2.5, 5, "{}"}},
                     0};
  store_->save_grade(grade);
  Invitation graded = *store_->find_invitation(older);
  EXPECT_EQ(graded.graded_at, 6000);
  EXPECT_EQ(graded.score, 7.5);
  EXPECT_EQ(graded.max_score, 10);
  EXPECT_TRUE(graded.passed);
  const std::vector<QuestionGrade> questions = store_->question_grades(older);
  ASSERT_EQ(questions.size(), 2u);
  EXPECT_EQ(questions[0].detail, R"({"tests":[]})");
  EXPECT_EQ(questions[1].score, 2.5);
  EXPECT_EQ(store_->ungraded_attempts(10000, 10), (std::vector<std::int64_t>{newer, later}));

  // A second grade replaces the first, questions and all.
  store_->save_grade({older, 1.25, 10, false, 7000, {{1, 1.25, 5, "{\"again\":1}"}}, 0});
  ASSERT_EQ(store_->question_grades(older).size(), 1u);
  EXPECT_EQ(store_->question_grades(older)[0].detail, "{\"again\":1}");
  EXPECT_FALSE(store_->find_invitation(older)->passed);
  EXPECT_EQ(store_->find_invitation(older)->score, 1.25);

  EXPECT_EQ(store_->request_regrade(older), 1);
  EXPECT_EQ(store_->find_invitation(older)->graded_at, 0);
  EXPECT_EQ(store_->find_invitation(older)->grade_requests, 1);
  EXPECT_EQ(store_->request_regrade(running), 0);
  store_->save_grade({newer, 1, 1, true, 8000, {}, 0});
  EXPECT_EQ(store_->request_assessment_regrade(assessment_), 3);
  EXPECT_EQ(store_->request_assessment_regrade(assessment_ + 100), 0);
  EXPECT_EQ(store_->ungraded_attempts(10000, 10), (std::vector<std::int64_t>{older, newer, later}));
}

TEST_P(StoreTest, AWriteAfterTheGradeAsksForAnotherGrade) {
  const std::int64_t id = attempt("t1", "submitted", 50000, 1000);
  store_->save_grade({id, 1, 1, true, 2000, {}, 0});
  store_->apply_writes({code_write(id, 0, "accepted before the end", 1500)});
  EXPECT_EQ(store_->find_invitation(id)->graded_at, 0);
  store_->save_grade({id, 1, 1, true, 3000, {}, 1});
  store_->save_choices(id, 1, "[1]", 1600);
  EXPECT_EQ(store_->find_invitation(id)->graded_at, 0);
  store_->save_grade({id, 1, 1, true, 4000, {}, 2});
  store_->count_run(id, 0, 1700);  // a run changes no answer
  EXPECT_EQ(store_->find_invitation(id)->graded_at, 4000);
}

// A grade begun before a regrade (or a late save) was asked for is saved,
// but leaves the attempt waiting for the grade that answers the request.
TEST_P(StoreTest, AGradeBegunBeforeARegradeLeavesTheAttemptUngraded) {
  const std::int64_t id = attempt("t1", "submitted", 50000, 1000);
  const std::int64_t began_under = store_->find_invitation(id)->grade_requests;
  EXPECT_EQ(store_->request_regrade(id), 1);  // while that grading runs
  store_->save_grade({id, 3, 4, true, 2000, {{0, 3, 4, "{}"}}, began_under});
  EXPECT_EQ(store_->find_invitation(id)->graded_at, 0);
  EXPECT_EQ(store_->ungraded_attempts(5000, 10), std::vector<std::int64_t>{id});
  EXPECT_EQ(store_->question_grades(id).size(), 1u);        // shown until the next grade
  store_->apply_writes({code_write(id, 0, "late", 1500)});  // during the next one
  store_->save_grade({id, 3, 4, true, 3000, {}, began_under + 1});
  EXPECT_EQ(store_->find_invitation(id)->graded_at, 0);
  // Times are Unix milliseconds: far past 32 bits.
  store_->save_grade({id, 3, 4, true, 1796017001609, {}, began_under + 2});
  EXPECT_EQ(store_->find_invitation(id)->graded_at, 1796017001609);
}

TEST_P(StoreTest, AttemptsCountedByStatus) {
  EXPECT_TRUE(store_->count_attempts_by_status().empty());
  attempt("t1", "invited");
  attempt("t2", "invited");
  attempt("t3", "started");
  attempt("t4", "submitted");
  store_->revoke_invitation(attempt("t5", "invited"));
  using Counts = std::vector<std::pair<std::string, std::int64_t>>;
  EXPECT_EQ(store_->count_attempts_by_status(),
            (Counts{{"invited", 2}, {"revoked", 1}, {"started", 1}, {"submitted", 1}}));
}

// Named by the store ("Backends/StoreTest.Accounts/postgres"), which is
// what ctest's two entries filter on.
std::string backend_name(const ::testing::TestParamInfo<std::string>& param) {
  return param.param;
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgres"),
                         backend_name);

// PostgreSQL alone: the database is another process, which may go away.
TEST(PostgresStore, ADatabaseThatGoesAwayAndReturnsIsFoundAgain) {
  proctord_test::PostgresServer& server = shared_postgres();
  const std::unique_ptr<Store> store = open_postgres_store(server.create_database());
  const std::int64_t before = store->create_account({0, "a@x.org", "A", Role::Admin, "h", 1});

  server.stop();
  EXPECT_THROW(store->schema_version(), StoreError);
  EXPECT_THROW(store->create_account({0, "b@x.org", "B", Role::Admin, "h", 2}), StoreError);
  EXPECT_THROW(store->find_account(before), StoreError);

  server.start();
  // The very first call after the return works: no restart, no lost call.
  EXPECT_EQ(store->find_account(before)->email, "a@x.org");
  EXPECT_GE(store->schema_version(), 4);
  store->create_account({0, "c@x.org", "C", Role::Admin, "h", 3});
  EXPECT_EQ(store->count_accounts(), 2);  // b was refused, not half-kept

  // A restart between two calls, unseen by any call: the next one works.
  server.stop();
  server.start();
  EXPECT_EQ(store->count_accounts(), 2);
}

TEST(PostgresStore, OpeningWhileTheDatabaseIsDownFailsClearly) {
  proctord_test::PostgresServer& server = shared_postgres();
  const std::string url = server.create_database();
  server.stop();
  try {
    open_postgres_store(url);
    ADD_FAILURE() << "opened a store with the database down";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("unreachable"), std::string::npos) << error.what();
  }
  server.start();
  EXPECT_GE(open_postgres_store(url)->schema_version(), 4);
}

// Results relayed between daemons: kept in order, read per attempt or all,
// announced on the attempts channel, and forgotten after a while.
TEST(PostgresStore, RelayedResultsAreKeptInOrderAndAnnounced) {
  const std::string url = shared_postgres().create_database();
  const auto store = open_postgres_store(url);
  JobBoard* board = job_board(*store);
  ASSERT_NE(board, nullptr);
  EXPECT_EQ(board->last_relayed(), 0);
  const auto notices = board->listen(JobBoard::kAttemptsChannel);
  notices->wait(0, -1);  // it connects and listens on its first wait
  board->relay_result(7, R"({"run": 1})");
  board->relay_result(8, R"({"run": 1})");
  board->relay_result(7, R"({"run": 2})");
  const auto all = board->relayed_since(0, 0, 10);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[2].message, R"({"run": 2})");
  EXPECT_EQ(board->last_relayed(), all[2].id);
  const auto sevens = board->relayed_since(0, 7, 10);
  ASSERT_EQ(sevens.size(), 2u);
  EXPECT_EQ(sevens[1].id, all[2].id);
  EXPECT_EQ(board->relayed_since(all[0].id, 0, 1).size(), 1u);  // the limit holds
  EXPECT_TRUE(board->relayed_since(all[2].id, 0, 10).empty());
  std::vector<std::string> heard;
  for (int i = 0; i < 20 && heard.size() < 3; ++i) {
    for (std::string& payload : notices->wait(100, -1)) heard.push_back(std::move(payload));
  }
  EXPECT_EQ(heard, (std::vector<std::string>{"result 7", "result 8", "result 7"}));
  EXPECT_EQ(board->forget_relayed(60000), 0);  // all younger than a minute
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(board->forget_relayed(10), 3);
}

TEST(StoreSpec, TheUrlPicksTheStore) {
  EXPECT_TRUE(is_postgres_url("postgresql://u@h/db"));
  EXPECT_TRUE(is_postgres_url("postgres://h:5433/db"));
  EXPECT_FALSE(is_postgres_url(""));
  EXPECT_FALSE(is_postgres_url("sqlite:///x.db"));
  EXPECT_FALSE(is_postgres_url("host=localhost"));
  EXPECT_THROW(open_store("mysql://h/db", "/nonexistent"), StoreError);
}

TEST(StoreSpec, TheStoreSettingFromTheCommandLineOrTheFile) {
  const auto parsed = parse_config({"--store", "postgresql://u@db.internal/proctor"});
  ASSERT_TRUE(std::holds_alternative<Config>(parsed));
  EXPECT_EQ(std::get<Config>(parsed).store, "postgresql://u@db.internal/proctor");
  EXPECT_EQ(std::get<Config>(parse_config({})).store, "");  // SQLite unless told otherwise
  const auto refused = parse_config({"--store", "/var/lib/proctord.db"});
  ASSERT_TRUE(std::holds_alternative<ConfigError>(refused));
  EXPECT_NE(std::get<ConfigError>(refused).message.find("postgresql://"), std::string::npos);

  const fs::path file = fs::temp_directory_path() / ("store-config-" + std::to_string(::getpid()));
  std::ofstream(file) << "store = postgres://h:5433/p  # shared\n";
  const auto from_file = parse_config({"--config", file.string()});
  fs::remove(file);
  ASSERT_TRUE(std::holds_alternative<Config>(from_file));
  EXPECT_EQ(std::get<Config>(from_file).store, "postgres://h:5433/p");
}

}  // namespace
}  // namespace proctord
