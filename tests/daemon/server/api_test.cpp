// proctord on loopback, end to end over real HTTP: health, metrics, sign-in,
// sessions, CSRF, roles, throttling, bad input, and a restart.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <utility>

#include "proctord_process.hpp"

namespace proctord_test {
namespace {

using nlohmann::json;

struct SignedIn {
  std::string cookie;
  std::string csrf;
};

class Proctord : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ProctordProcess(); }
  static void TearDownTestSuite() { delete server_; }

  static Response call(http::verb method, const std::string& target, const std::string& body = "",
                       const SignedIn& who = {}) {
    return request(server_->port(), method, target, body, who.cookie, who.csrf);
  }
  static SignedIn sign_in(const std::string& email, const std::string& password) {
    const Response r =
        call(http::verb::post, "/api/login", json{{"email", email}, {"password", password}}.dump());
    EXPECT_EQ(r.result_int(), 200) << r.body();
    return {session_cookie(r), json::parse(r.body()).value("csrf_token", "")};
  }
  static SignedIn admin() { return sign_in("admin@localhost", server_->admin_password()); }

  static ProctordProcess* server_;
};
ProctordProcess* Proctord::server_ = nullptr;

TEST_F(Proctord, HealthAndMetrics) {
  const Response health = call(http::verb::get, "/healthz");
  ASSERT_EQ(health.result_int(), 200);
  const json body = json::parse(health.body());
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["store"], "ok");
  EXPECT_GE(body["problems"].get<int>(), 30);
  const Response metrics = call(http::verb::get, "/metrics");
  EXPECT_EQ(metrics.result_int(), 200);
  // Every family docs/operations.md lists, each with its HELP and TYPE.
  for (const char* family :
       {"proctord_connections_open", "proctord_connections_total", "proctord_attempts",
        "proctord_grading_queue_depth", "proctord_grading_refused_total",
        "proctord_sandbox_runs_total", "proctord_run_latency_seconds",
        "proctord_attempts_graded_total", "proctord_store_errors_total", "proctord_store_up",
        "proctord_http_responses_total", "proctord_login_failures_total"}) {
    EXPECT_NE(metrics.body().find(std::string("# TYPE ") + family + " "), std::string::npos)
        << family << "\n"
        << metrics.body();
  }
  EXPECT_NE(metrics.body().find("proctord_http_responses_total{class=\"2xx\"}"), std::string::npos);
  EXPECT_NE(metrics.body().find("proctord_run_latency_seconds_bucket{le=\"+Inf\"}"),
            std::string::npos);
  EXPECT_NE(metrics.body().find("\nproctord_store_up 1\n"), std::string::npos);
}

TEST_F(Proctord, TheAdminSignsInWithACookieTheBrowserCannotRead) {
  ASSERT_FALSE(server_->admin_password().empty());
  const Response r =
      call(http::verb::post, "/api/login",
           json{{"email", "admin@localhost"}, {"password", server_->admin_password()}}.dump());
  ASSERT_EQ(r.result_int(), 200) << r.body();
  const std::string cookie(r[http::field::set_cookie]);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  const SignedIn who{session_cookie(r), json::parse(r.body())["csrf_token"]};
  const Response me = call(http::verb::get, "/api/me", "", who);
  ASSERT_EQ(me.result_int(), 200);
  EXPECT_EQ(json::parse(me.body())["account"]["role"], "admin");
}

// Behind a TLS proxy (deploy/proxy/) the operator sets secure-cookies: the
// browser then never sends the session over plain HTTP. Without it (a trial
// on http://127.0.0.1) the cookie must work over HTTP, so it is not Secure.
TEST(ProctordBehindTls, SecureCookiesMarksTheSessionAndItsEnd) {
  ProctordProcess tls("", {"--secure-cookies", "true"});
  const Response in = proctord_test::request(
      tls.port(), http::verb::post, "/api/login",
      json{{"email", "admin@localhost"}, {"password", tls.admin_password()}}.dump());
  ASSERT_EQ(in.result_int(), 200) << in.body();
  EXPECT_NE(std::string(in[http::field::set_cookie]).find("; Secure"), std::string::npos);
  const Response out =
      proctord_test::request(tls.port(), http::verb::post, "/api/logout", "", session_cookie(in),
                             json::parse(in.body())["csrf_token"].get<std::string>());
  EXPECT_NE(std::string(out[http::field::set_cookie]).find("; Secure"), std::string::npos);
}

TEST_F(Proctord, WithoutSecureCookiesTheSessionWorksOverPlainHttp) {
  const Response r =
      call(http::verb::post, "/api/login",
           json{{"email", "admin@localhost"}, {"password", server_->admin_password()}}.dump());
  ASSERT_EQ(r.result_int(), 200) << r.body();
  EXPECT_EQ(std::string(r[http::field::set_cookie]).find("Secure"), std::string::npos);
}

TEST_F(Proctord, NothingUnderApiWithoutASession) {
  for (const char* target : {"/api/me", "/api/accounts", "/api/bank", "/api/bank/problems/gcd"}) {
    const Response r = call(http::verb::get, target);
    EXPECT_EQ(r.result_int(), 401) << target;
    EXPECT_EQ(json::parse(r.body())["error"]["code"], "unauthorized");
  }
  const SignedIn forged{"proctor_session=forged-token-value", "x"};
  EXPECT_EQ(call(http::verb::get, "/api/me", "", forged).result_int(), 401);
}

TEST_F(Proctord, StateChangesNeedTheCsrfToken) {
  SignedIn who = admin();
  const std::string body =
      json{{"email", "csrf@example.com"}, {"name", "C"}, {"role", "recruiter"}}.dump();
  const SignedIn without{who.cookie, ""};
  const Response refused = call(http::verb::post, "/api/accounts", body, without);
  EXPECT_EQ(refused.result_int(), 403);
  EXPECT_EQ(json::parse(refused.body())["error"]["code"], "csrf");
  const SignedIn wrong{who.cookie, "not-the-token"};
  EXPECT_EQ(call(http::verb::post, "/api/accounts", body, wrong).result_int(), 403);
  EXPECT_EQ(call(http::verb::post, "/api/accounts", body, who).result_int(), 201);
}

TEST_F(Proctord, AdminsMakeAccountsAndRolesAreEnforced) {
  const SignedIn who = admin();
  const Response made = call(
      http::verb::post, "/api/accounts",
      json{{"email", "rita@example.com"}, {"name", "Rita"}, {"role", "recruiter"}}.dump(), who);
  ASSERT_EQ(made.result_int(), 201) << made.body();
  const std::string password = json::parse(made.body())["password"];
  EXPECT_GE(password.size(), 16u);
  const Response again =
      call(http::verb::post, "/api/accounts",
           json{{"email", "rita@example.com"}, {"name", "R"}, {"role", "author"}}.dump(), who);
  EXPECT_EQ(again.result_int(), 409);

  const SignedIn rita = sign_in("rita@example.com", password);
  EXPECT_EQ(call(http::verb::get, "/api/accounts", "", rita).result_int(), 403);
  const Response bank = call(http::verb::get, "/api/bank", "", rita);
  ASSERT_EQ(bank.result_int(), 200);
  const json index = json::parse(bank.body());
  EXPECT_GE(index["problems"].size(), 30u);
  EXPECT_GE(index["mcq_sets"].size(), 6u);
  const Response gcd = call(http::verb::get, "/api/bank/problems/gcd", "", rita);
  ASSERT_EQ(gcd.result_int(), 200);
  EXPECT_EQ(json::parse(gcd.body())["version"].get<std::string>().size(), 64u);
  EXPECT_EQ(call(http::verb::get, "/api/bank/problems/nope", "", rita).result_int(), 404);
}

// A departed colleague's account is disabled at once, everywhere; a
// forgotten password is reset to a new one shown once.
TEST_F(Proctord, AdminsDisableEnableAndResetAccounts) {
  const SignedIn who = admin();
  const Response made = call(
      http::verb::post, "/api/accounts",
      json{{"email", "leaver@example.com"}, {"name", "Lee"}, {"role", "recruiter"}}.dump(), who);
  ASSERT_EQ(made.result_int(), 201) << made.body();
  const std::string id = std::to_string(json::parse(made.body())["account"]["id"].get<int>());
  const std::string password = json::parse(made.body())["password"];
  const SignedIn leaver = sign_in("leaver@example.com", password);
  ASSERT_EQ(call(http::verb::get, "/api/assessments", "", leaver).result_int(), 200);

  EXPECT_EQ(call(http::verb::post, "/api/accounts/" + id + "/disable", "", leaver).result_int(),
            403);  // recruiters manage no accounts
  const Response disabled = call(http::verb::post, "/api/accounts/" + id + "/disable", "", who);
  ASSERT_EQ(disabled.result_int(), 200) << disabled.body();
  EXPECT_EQ(json::parse(disabled.body())["account"]["disabled"], true);
  EXPECT_EQ(call(http::verb::get, "/api/assessments", "", leaver).result_int(), 401);
  const Response refused =
      call(http::verb::post, "/api/login",
           json{{"email", "leaver@example.com"}, {"password", password}}.dump());
  EXPECT_EQ(refused.result_int(), 403);
  EXPECT_EQ(json::parse(refused.body())["error"]["code"], "account_disabled");
  const Response wrong = call(http::verb::post, "/api/login",
                              json{{"email", "leaver@example.com"}, {"password", "guess"}}.dump());
  EXPECT_EQ(json::parse(wrong.body())["error"]["code"], "bad_credentials");  // nothing more said

  ASSERT_EQ(call(http::verb::post, "/api/accounts/" + id + "/enable", "", who).result_int(), 200);
  const SignedIn back = sign_in("leaver@example.com", password);
  const Response reset = call(http::verb::post, "/api/accounts/" + id + "/reset-password", "", who);
  ASSERT_EQ(reset.result_int(), 200) << reset.body();
  const std::string fresh = json::parse(reset.body())["password"];
  EXPECT_NE(fresh, password);
  EXPECT_EQ(call(http::verb::get, "/api/assessments", "", back).result_int(), 401);
  EXPECT_EQ(call(http::verb::post, "/api/login",
                 json{{"email", "leaver@example.com"}, {"password", password}}.dump())
                .result_int(),
            401);
  EXPECT_EQ(call(http::verb::get, "/api/assessments", "", sign_in("leaver@example.com", fresh))
                .result_int(),
            200);

  const json me = json::parse(call(http::verb::get, "/api/me", "", who).body());
  const std::string self = std::to_string(me["account"]["id"].get<int>());
  EXPECT_EQ(call(http::verb::post, "/api/accounts/" + self + "/disable", "", who).result_int(),
            409);
  EXPECT_EQ(call(http::verb::post, "/api/accounts/999999/disable", "", who).result_int(), 404);
  EXPECT_EQ(call(http::verb::post, "/api/accounts/" + id + "/delete", "", who).result_int(), 404);
  EXPECT_EQ(call(http::verb::get, "/api/accounts/" + id + "/disable", "", who).result_int(), 405);
}

// Locked out: on the machine that holds the data, `proctord --reset-password`
// prints a new one-time password for the account and enables it again.
TEST(AccountRecovery, TheCommandLineResetsAPasswordAndEnablesTheAccount) {
  std::string dir = (std::filesystem::temp_directory_path() / "proctord-reset-XXXXXX").string();
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  const auto run = [&dir](const std::string& email) {
    const std::string command = std::string(PROCTORD_BINARY) + " --data-dir " + dir +
                                " --log-level error --reset-password " + email + " 2>&1";
    FILE* out = ::popen(command.c_str(), "r");
    std::string text;
    char chunk[256];
    while (std::fgets(chunk, sizeof chunk, out) != nullptr) text += chunk;
    const int status = ::pclose(out);
    return std::make_pair(WEXITSTATUS(status), text);
  };
  EXPECT_EQ(run("admin@localhost").first, 1);  // no database yet: nothing is created
  std::string old_password;
  {
    ProctordProcess first(dir);
    old_password = first.admin_password();
  }
  EXPECT_EQ(run("nobody@example.com").first, 1);
  const auto [status, text] = run("admin@localhost");
  ASSERT_EQ(status, 0) << text;
  const std::string marker = "new one-time password for admin@localhost: ";
  const auto at = text.find(marker);
  ASSERT_NE(at, std::string::npos) << text;
  const std::string fresh =
      text.substr(at + marker.size(), text.find('\n', at) - at - marker.size());
  ProctordProcess again(dir);
  const auto login = [&again](const std::string& password) {
    return request(again.port(), http::verb::post, "/api/login",
                   json{{"email", "admin@localhost"}, {"password", password}}.dump())
        .result_int();
  };
  EXPECT_EQ(login(old_password), 401);
  EXPECT_EQ(login(fresh), 200);
  again.stop();
  std::filesystem::remove_all(dir);
}

// One daemon per data folder: a second one is refused before it touches
// anything (it would record the first one's candidates as disconnected).
TEST(DataFolder, ASecondDaemonOnTheSameFolderIsRefused) {
  ProctordProcess first;
  const std::string command = std::string(PROCTORD_BINARY) + " --data-dir " + first.data_dir() +
                              " --listen 127.0.0.1:0 --problems " + PROCTOR_PROBLEMS_DIR +
                              " --log-level error 2>&1";
  FILE* out = ::popen(command.c_str(), "r");
  std::string text;
  char chunk[256];
  while (std::fgets(chunk, sizeof chunk, out) != nullptr) text += chunk;
  const int status = ::pclose(out);
  EXPECT_EQ(WEXITSTATUS(status), 1) << text;
  EXPECT_NE(text.find("another proctord is using the data folder"), std::string::npos) << text;
  EXPECT_EQ(request(first.port(), http::verb::get, "/healthz").result_int(), 200);
}

TEST_F(Proctord, BadInputGetsAClearError) {
  const SignedIn who = admin();
  const auto code = [](const Response& r) {
    return json::parse(r.body())["error"]["code"].get<std::string>();
  };
  Response r = request(server_->port(), http::verb::post, "/api/accounts", "{not json", who.cookie,
                       who.csrf);
  EXPECT_EQ(r.result_int(), 400);
  EXPECT_EQ(code(r), "bad_request");
  r = request(server_->port(), http::verb::post, "/api/accounts", "[1, 2]", who.cookie, who.csrf);
  EXPECT_EQ(r.result_int(), 400);
  r = request(server_->port(), http::verb::post, "/api/accounts", "email=x", who.cookie, who.csrf,
              "application/x-www-form-urlencoded");
  EXPECT_EQ(r.result_int(), 415);
  r = call(http::verb::post, "/api/accounts",
           json{{"email", "x@example.com"}, {"name", "X"}, {"role", "emperor"}}.dump(), who);
  EXPECT_EQ(r.result_int(), 400);
  EXPECT_NE(r.body().find("role"), std::string::npos);
  r = call(
      http::verb::post, "/api/accounts",
      json{{"email", "y@example.com"}, {"name", "Y"}, {"role", "author"}, {"password", "short"}}
          .dump(),
      who);
  EXPECT_EQ(r.result_int(), 400);
  r = call(http::verb::post, "/api/login", std::string(2 << 20, 'x'));
  EXPECT_EQ(r.result_int(), 413);
  EXPECT_EQ(call(http::verb::get, "/nowhere").result_int(), 404);
  EXPECT_EQ(call(http::verb::get, "/api/login").result_int(), 405);
  // A wrong method on a real endpoint is told which ones it answers.
  r = call(http::verb::put, "/api/accounts", "{}", who);
  EXPECT_EQ(r.result_int(), 405) << r.body();
  EXPECT_EQ(r[http::field::allow], "GET, POST");
  EXPECT_EQ(json::parse(r.body())["error"]["code"], "method_not_allowed");
  r = call(http::verb::delete_, "/api/attempts/12", "", who);
  EXPECT_EQ(r.result_int(), 405);
  EXPECT_EQ(r[http::field::allow], "GET");
  EXPECT_EQ(call(http::verb::post, "/metrics").result_int(), 405);
  EXPECT_EQ(call(http::verb::get, "/api/attempts/12/nothing", "", who).result_int(), 404);
}

TEST_F(Proctord, RepeatedWrongPasswordsAreThrottled) {
  int status = 0;
  Response last;
  for (int i = 0; i < 7; ++i) {
    last = call(
        http::verb::post, "/api/login",
        json{{"email", "victim@example.com"}, {"password", "guess-" + std::to_string(i)}}.dump());
    status = last.result_int();
  }
  EXPECT_EQ(status, 429);
  EXPECT_FALSE(std::string(last[http::field::retry_after]).empty());
}

TEST_F(Proctord, SignOutEndsTheSession) {
  const SignedIn who = admin();
  EXPECT_EQ(call(http::verb::post, "/api/logout", "", who).result_int(), 204);
  EXPECT_EQ(call(http::verb::get, "/api/me", "", who).result_int(), 401);
}

TEST_F(Proctord, RecruitersBuildAssessmentsAndInviteCandidates) {
  const SignedIn who = admin();
  const Response bank = call(http::verb::get, "/api/bank", "", who);
  const json index = json::parse(bank.body());
  const std::string set = index["mcq_sets"][0]["id"];
  const std::string question = index["mcq_sets"][0]["questions"][0]["id"];
  const json spec = {
      {"title", "Backend screen"},
      {"duration_minutes", 45},
      {"pass_mark", 60},
      {"items", {{{"problem", "gcd"}, {"points", 30}}, {{"mcq", set + "/" + question}}}}};
  const Response made = call(http::verb::post, "/api/assessments", spec.dump(), who);
  ASSERT_EQ(made.result_int(), 201) << made.body();
  const json assessment = json::parse(made.body());
  EXPECT_EQ(assessment["items"][0]["version"].get<std::string>().size(), 64u);
  EXPECT_EQ(assessment["items"][0]["points"], 30);
  EXPECT_EQ(assessment["items"][1]["points"], 1);
  EXPECT_EQ(assessment["total_points"], 31);
  const std::string id = std::to_string(assessment["id"].get<int>());

  const Response invited = call(http::verb::post, "/api/assessments/" + id + "/invitations",
                                json{{"candidate_name", "Ada <script>"},
                                     {"candidate_email", "ada@example.com"},
                                     {"extra_time_pct", 25}}
                                    .dump(),
                                who);
  ASSERT_EQ(invited.result_int(), 201) << invited.body();
  const json invitation = json::parse(invited.body());
  EXPECT_EQ(invitation["status"], "invited");
  EXPECT_GE(invitation["token"].get<std::string>().size(), 40u);
  EXPECT_EQ(invitation["link"], "/take/" + invitation["token"].get<std::string>());
  const std::string inv = std::to_string(invitation["id"].get<int>());

  const Response listed = call(http::verb::get, "/api/assessments/" + id + "/invitations", "", who);
  ASSERT_EQ(listed.result_int(), 200);
  EXPECT_EQ(json::parse(listed.body())["invitations"][0]["candidate_name"], "Ada <script>");
  EXPECT_FALSE(json::parse(listed.body())["invitations"][0].contains("token"));

  EXPECT_EQ(call(http::verb::post, "/api/invitations/" + inv + "/revoke", "", who).result_int(),
            200);
  EXPECT_EQ(call(http::verb::post, "/api/invitations/" + inv + "/revoke", "", who).result_int(),
            409);
  const Response resent = call(http::verb::post, "/api/invitations/" + inv + "/resend", "", who);
  ASSERT_EQ(resent.result_int(), 200);
  EXPECT_EQ(json::parse(resent.body())["status"], "invited");
  EXPECT_NE(json::parse(resent.body())["token"], invitation["token"]);

  const Response all = call(http::verb::get, "/api/assessments", "", who);
  EXPECT_EQ(json::parse(all.body())["assessments"][0]["invitations"]["invited"], 1);
}

TEST_F(Proctord, AssessmentsRefuseWhatTheBankDoesNotHave) {
  const SignedIn who = admin();
  const auto post = [&](const json& spec) {
    return call(http::verb::post, "/api/assessments", spec.dump(), who);
  };
  Response r =
      post({{"title", "x"}, {"duration_minutes", 30}, {"items", {{{"problem", "no-such"}}}}});
  EXPECT_EQ(r.result_int(), 400);
  EXPECT_NE(r.body().find("items[0]: no problem 'no-such'"), std::string::npos) << r.body();
  r = post({{"title", "x"}, {"duration_minutes", 30}, {"items", {{{"mcq", "basics"}}}}});
  EXPECT_EQ(r.result_int(), 400);
  r = post({{"title", "x"}, {"duration_minutes", 0}, {"items", {{{"problem", "gcd"}}}}});
  EXPECT_EQ(r.result_int(), 400);
  r = post({{"title", "x"}, {"duration_minutes", 30}, {"items", json::array()}});
  EXPECT_EQ(r.result_int(), 400);
  r = post({{"title", "x"}, {"items", {{{"problem", "gcd"}}}}});
  EXPECT_EQ(r.result_int(), 400);
  EXPECT_EQ(call(http::verb::get, "/api/assessments/999999", "", who).result_int(), 404);
  EXPECT_EQ(call(http::verb::post, "/api/assessments/999999/invitations",
                 json{{"candidate_name", "A"}, {"candidate_email", "a@b.c"}}.dump(), who)
                .result_int(),
            404);
}

TEST_F(Proctord, AuthorsDoNotManageCandidates) {
  const SignedIn who = admin();
  const Response made =
      call(http::verb::post, "/api/accounts",
           json{{"email", "ann@example.com"}, {"name", "Ann"}, {"role", "author"}}.dump(), who);
  ASSERT_EQ(made.result_int(), 201);
  const SignedIn ann = sign_in("ann@example.com", json::parse(made.body())["password"]);
  EXPECT_EQ(call(http::verb::get, "/api/assessments", "", ann).result_int(), 403);
  EXPECT_EQ(call(http::verb::get, "/api/bank", "", ann).result_int(), 200);
}

TEST(ProctordRestart, AccountsAndSessionsSurviveARestart) {
  std::string dir = (std::filesystem::temp_directory_path() / "proctord-restart-XXXXXX").string();
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  std::string password;
  std::string cookie;
  {
    ProctordProcess first(dir);
    password = first.admin_password();
    const Response r = request(first.port(), http::verb::post, "/api/login",
                               json{{"email", "admin@localhost"}, {"password", password}}.dump());
    ASSERT_EQ(r.result_int(), 200);
    cookie = session_cookie(r);
  }
  ProctordProcess second(dir);
  EXPECT_TRUE(second.admin_password().empty());  // no second admin
  EXPECT_EQ(request(second.port(), http::verb::get, "/api/me", "", cookie).result_int(), 200);
  const Response r = request(second.port(), http::verb::post, "/api/login",
                             json{{"email", "admin@localhost"}, {"password", password}}.dump());
  EXPECT_EQ(r.result_int(), 200);
  second.stop();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace proctord_test
