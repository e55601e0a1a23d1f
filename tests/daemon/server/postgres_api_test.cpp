// proctord with its store on PostgreSQL (--store postgresql://...), end to
// end over HTTP and WebSocket: the data lives in the database, not the data
// folder, and a database that restarts under a running daemon costs clear
// refusals while it is away and nothing after it returns.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "postgres_server.hpp"
#include "proctord_process.hpp"
#include "ws_client.hpp"

namespace proctord_test {
namespace {

using nlohmann::json;

class ProctordOnPostgres : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = shared_postgres().create_database();
    daemon_ = std::make_unique<ProctordProcess>("", std::vector<std::string>{"--store", url_});
    ASSERT_FALSE(daemon_->admin_password().empty());
    admin_ = sign_in(daemon_->port(), "admin@localhost", daemon_->admin_password());
  }

  Response call(http::verb method, const std::string& target, const json& body = {}) {
    return request(daemon_->port(), method, target, body.is_null() ? "" : body.dump(),
                   admin_.cookie, admin_.csrf);
  }
  // A new assessment with one problem, and an invitation; the link's token.
  std::string assessment_and_invitation() {
    const json spec = {
        {"title", "On PostgreSQL"}, {"duration_minutes", 30}, {"items", {{{"problem", "gcd"}}}}};
    const Response made = call(http::verb::post, "/api/assessments", spec);
    EXPECT_EQ(made.result_int(), 201) << made.body();
    assessment_ = std::to_string(json::parse(made.body())["id"].get<int>());
    const Response invited =
        call(http::verb::post, "/api/assessments/" + assessment_ + "/invitations",
             {{"candidate_name", "Ada"}, {"candidate_email", "ada@example.com"}});
    EXPECT_EQ(invited.result_int(), 201) << invited.body();
    return json::parse(invited.body()).value("token", "");
  }
  static std::string error_code(const Response& r) {
    return json::parse(r.body())["error"]["code"].get<std::string>();
  }

  std::string url_;
  std::unique_ptr<ProctordProcess> daemon_;
  Staff admin_;
  std::string assessment_;
};

TEST_F(ProctordOnPostgres, SignInBuildAndInviteAndTheDataIsInTheDatabase) {
  const Response health = call(http::verb::get, "/healthz");
  ASSERT_EQ(health.result_int(), 200) << health.body();
  EXPECT_EQ(json::parse(health.body())["store"], "ok");
  ASSERT_FALSE(assessment_and_invitation().empty());

  // Another daemon with an empty data folder, on the same database: the
  // admin, the session and the assessment are all there.
  const std::string password = daemon_->admin_password();
  daemon_ = std::make_unique<ProctordProcess>("", std::vector<std::string>{"--store", url_});
  EXPECT_TRUE(daemon_->admin_password().empty());  // no second first admin
  const Response me = call(http::verb::get, "/api/me");
  EXPECT_EQ(me.result_int(), 200) << me.body();
  const Response list = call(http::verb::get, "/api/assessments/" + assessment_ + "/invitations");
  ASSERT_EQ(list.result_int(), 200) << list.body();
  ASSERT_EQ(json::parse(list.body())["invitations"].size(), 1u);
  EXPECT_EQ(json::parse(list.body())["invitations"][0]["candidate_email"], "ada@example.com");
  EXPECT_NO_THROW(sign_in(daemon_->port(), "admin@localhost", password));
}

TEST_F(ProctordOnPostgres, ADatabaseRestartIsRefusedClearlyThenForgotten) {
  const std::string token = assessment_and_invitation();
  WsClient candidate(daemon_->port());
  ASSERT_EQ(candidate.ask({{"type", "hello"}, {"token", token}})["type"], "welcome");
  ASSERT_EQ(candidate.ask({{"type", "start"}})["type"], "started");
  ASSERT_EQ(candidate.ask({{"type", "save_code"}, {"question", 0}, {"code", "before"}})["type"],
            "saved");

  shared_postgres().stop();
  const Response health = call(http::verb::get, "/healthz");
  EXPECT_EQ(health.result_int(), 503) << health.body();
  EXPECT_EQ(json::parse(health.body())["status"], "degraded");
  EXPECT_EQ(json::parse(health.body())["store"], "unavailable");  // no host or port to anyone
  const Response me = call(http::verb::get, "/api/me");
  EXPECT_EQ(me.result_int(), 503) << me.body();
  EXPECT_EQ(error_code(me), "store_unavailable");
  const Response made =
      call(http::verb::post, "/api/assessments",
           {{"title", "During"}, {"duration_minutes", 30}, {"items", {{{"problem", "gcd"}}}}});
  EXPECT_EQ(made.result_int(), 503) << made.body();
  // The candidate stays connected and is told the save did not happen.
  const json during = candidate.ask({{"type", "save_code"}, {"question", 0}, {"code", "during"}});
  EXPECT_EQ(during["code"], "not_saved") << during;
  // The scrape still works, and says what is wrong.
  const Response metrics = call(http::verb::get, "/metrics");
  EXPECT_EQ(metrics.result_int(), 200) << metrics.body();
  EXPECT_NE(metrics.body().find("\nproctord_store_up 0\n"), std::string::npos) << metrics.body();
  EXPECT_EQ(metrics.body().find("proctord_store_errors_total 0\n"), std::string::npos);
  EXPECT_EQ(metrics.body().find("proctord_attempts{"), std::string::npos);

  shared_postgres().start();
  const Response back = call(http::verb::get, "/healthz");
  EXPECT_EQ(back.result_int(), 200) << back.body();
  EXPECT_EQ(call(http::verb::get, "/api/me").result_int(), 200);  // the session survived
  EXPECT_NE(call(http::verb::get, "/metrics").body().find("\nproctord_store_up 1\n"),
            std::string::npos);
  EXPECT_EQ(candidate.ask({{"type", "save_code"}, {"question", 0}, {"code", "after"}})["type"],
            "saved");
  const Response list = call(http::verb::get, "/api/assessments");
  ASSERT_EQ(list.result_int(), 200) << list.body();
  EXPECT_EQ(list.body().find("During"), std::string::npos);  // refused means not made

  // What the candidate was told was saved is what the database holds.
  WsClient again(daemon_->port());
  const json state = again.ask({{"type", "hello"}, {"token", token}});
  ASSERT_EQ(state["type"], "welcome") << state;
  EXPECT_EQ(state["answers"][0]["code"], "after") << state;
}

}  // namespace
}  // namespace proctord_test
