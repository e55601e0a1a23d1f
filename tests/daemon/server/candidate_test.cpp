// The candidate's WebSocket against a real proctord on loopback, with a
// real Beast WebSocket client: the whole attempt, resume, take-over, the
// deadline submitting by itself, and malformed or hostile messages.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "proctord/auth.hpp"
#include "proctord/store.hpp"
#include "proctord_process.hpp"
#include "ws_client.hpp"

namespace proctord_test {
namespace {

using nlohmann::json;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

class Candidate : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ProctordProcess();
    const Response r =
        request(server_->port(), http::verb::post, "/api/login",
                json{{"email", "admin@localhost"}, {"password", server_->admin_password()}}.dump());
    cookie_ = session_cookie(r);
    csrf_ = json::parse(r.body())["csrf_token"];
    const json bank =
        json::parse(request(server_->port(), http::verb::get, "/api/bank", "", cookie_).body());
    for (const json& set : bank["mcq_sets"]) {
      for (const json& q : set["questions"]) {
        if (!q["multiple"].get<bool>() && mcq_.empty()) {
          mcq_ = set["id"].get<std::string>() + "/" + q["id"].get<std::string>();
          for (std::size_t i = 0; i < q["options"].size(); ++i) {
            if (q["options"][i]["correct"]) key_ = static_cast<int>(i);
          }
        }
      }
    }
  }
  static void TearDownTestSuite() { delete server_; }

  // A new assessment (gcd and one MCQ) and an invitation; the link's token.
  static std::string invite(double minutes, int extra_pct = 0) {
    const json spec = {{"title", "t"},
                       {"duration_minutes", minutes},
                       {"items", {{{"problem", "gcd"}}, {{"mcq", mcq_}}}}};
    const Response made =
        request(server_->port(), http::verb::post, "/api/assessments", spec.dump(), cookie_, csrf_);
    EXPECT_EQ(made.result_int(), 201) << made.body();
    assessment_ = std::to_string(json::parse(made.body())["id"].get<int>());
    const Response inv = request(server_->port(), http::verb::post,
                                 "/api/assessments/" + assessment_ + "/invitations",
                                 json{{"candidate_name", "Ada"},
                                      {"candidate_email", "ada@example.com"},
                                      {"extra_time_pct", extra_pct}}
                                     .dump(),
                                 cookie_, csrf_);
    EXPECT_EQ(inv.result_int(), 201) << inv.body();
    return json::parse(inv.body())["token"];
  }
  static std::string status_of_last_invitation() {
    const Response r = request(server_->port(), http::verb::get,
                               "/api/assessments/" + assessment_ + "/invitations", "", cookie_);
    return json::parse(r.body())["invitations"][0]["status"];
  }

  static ProctordProcess* server_;
  static std::string cookie_, csrf_, mcq_, assessment_;
  static int key_;
};
ProctordProcess* Candidate::server_ = nullptr;
std::string Candidate::cookie_, Candidate::csrf_, Candidate::mcq_, Candidate::assessment_;
int Candidate::key_ = 0;

TEST_F(Candidate, TheWholeAttempt) {
  const std::string token = invite(30, 50);
  WsClient ws(server_->port());
  const json welcome = ws.ask({{"type", "hello"}, {"token", token}});
  ASSERT_EQ(welcome["type"], "welcome") << welcome;
  EXPECT_EQ(welcome["status"], "invited");
  EXPECT_EQ(welcome["question_count"], 2);
  EXPECT_EQ(welcome["extra_time_pct"], 50);
  EXPECT_FALSE(welcome.contains("questions"));  // not before the start
  EXPECT_EQ(ws.ask({{"type", "save_code"}, {"question", 0}, {"code", "x"}})["code"], "not_started");

  const json started = ws.ask({{"type", "start"}, {"id", 7}});
  ASSERT_EQ(started["type"], "started") << started;
  EXPECT_EQ(started["in_reply_to"], 7);
  const std::int64_t length =
      started["deadline_at"].get<std::int64_t>() - started["server_time"].get<std::int64_t>();
  EXPECT_NEAR(static_cast<double>(length), 45 * 60 * 1000, 5000);  // 30 minutes + 50%
  const json& coding = started["questions"][0];
  EXPECT_EQ(coding["kind"], "coding");
  EXPECT_GE(coding["samples"].size(), 2u);
  const std::string everything = started.dump();
  EXPECT_EQ(everything.find("secret/"), std::string::npos);      // no secret test leaves the server
  EXPECT_EQ(everything.find("\"correct\""), std::string::npos);  // no key either
  EXPECT_EQ(started["questions"][1]["kind"], "mcq");

  EXPECT_EQ(ws.ask({{"type", "save_answer"}, {"question", 1}, {"choices", {key_}}})["type"],
            "saved");
  EXPECT_EQ(ws.ask({{"type", "save_answer"}, {"question", 1}, {"choices", {99}}})["code"],
            "bad_answer");
  EXPECT_EQ(ws.ask({{"type", "save_answer"}, {"question", 1}, {"choices", {0, 1}}})["code"],
            "bad_answer");
  EXPECT_EQ(ws.ask({{"type", "save_answer"}, {"question", 0}, {"choices", {0}}})["code"],
            "bad_question");
  const std::string code = "def gcd(a, b):\n    while b: a, b = b, a % b\n    return abs(a)\n";
  EXPECT_EQ(ws.ask({{"type", "save_code"}, {"question", 0}, {"code", code}})["type"], "saved");
  EXPECT_EQ(
      ws.ask({{"type", "save_code"}, {"question", 0}, {"code", std::string(70000, 'x')}})["code"],
      "too_large");
  EXPECT_EQ(ws.ask({{"type", "event"}, {"kind", "paste"}, {"length", 120}})["type"], "recorded");
  EXPECT_EQ(ws.ask({{"type", "event"}, {"kind", "keylogger"}})["code"], "bad_message");
  EXPECT_EQ(ws.ask({{"type", "event"}, {"kind", "question_opened"}, {"question", 1}})["type"],
            "recorded");
  EXPECT_EQ(ws.ask({{"type", "submit"}, {"question", 0}})["type"], "question_submitted");

  // A reload: a second connection resumes with the same state and deadline,
  // and the first is told and closed.
  WsClient again(server_->port());
  const json resumed = again.ask({{"type", "hello"}, {"token", token}});
  EXPECT_EQ(resumed["status"], "started");
  EXPECT_EQ(resumed["deadline_at"], started["deadline_at"]);
  EXPECT_EQ(resumed["answers"][0]["code"], code);
  EXPECT_TRUE(resumed["answers"][0]["submitted"]);
  EXPECT_EQ(resumed["answers"][1]["choices"], json::array({key_}));
  EXPECT_EQ(ws.receive()["type"], "replaced");

  EXPECT_EQ(again.ask({{"type", "finish"}})["type"], "finished");
  EXPECT_EQ(again.ask({{"type", "save_code"}, {"question", 0}, {"code", "late"}})["code"],
            "attempt_over");
  EXPECT_EQ(status_of_last_invitation(), "submitted");
}

TEST_F(Candidate, TheDeadlineSubmitsByItself) {
  const std::string token = invite(0.05);  // three seconds
  WsClient ws(server_->port());
  ws.ask({{"type", "hello"}, {"token", token}});
  ASSERT_EQ(ws.ask({{"type", "start"}})["type"], "started");
  EXPECT_EQ(ws.ask({{"type", "save_code"}, {"question", 0}, {"code", "before"}})["type"], "saved");
  json pushed = json::object();
  while (pushed.value("type", "") != "deadline" && pushed.value("type", "") != "timeout" &&
         pushed.value("type", "") != "closed") {
    pushed = ws.receive(15000);
  }
  EXPECT_EQ(pushed["type"], "deadline") << pushed;
  const json late = ws.ask({{"type", "save_code"}, {"question", 0}, {"code", "after"}});
  EXPECT_EQ(late["code"], "attempt_over");
  EXPECT_EQ(status_of_last_invitation(), "submitted");
  WsClient again(server_->port());
  const json state = again.ask({{"type", "hello"}, {"token", token}});
  EXPECT_EQ(state["status"], "submitted");
  EXPECT_EQ(state["answers"][0]["code"], "before");  // nothing saved before the deadline is lost
}

TEST_F(Candidate, AnAttemptNobodyWatchesIsSubmittedAtItsDeadline) {
  const std::string token = invite(0.05);
  {
    WsClient ws(server_->port());
    ws.ask({{"type", "hello"}, {"token", token}});
    ASSERT_EQ(ws.ask({{"type", "start"}})["type"], "started");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(4500));
  EXPECT_EQ(status_of_last_invitation(), "submitted");
}

TEST_F(Candidate, TokensThatMustNotWork) {
  WsClient ws(server_->port());
  EXPECT_EQ(ws.ask({{"type", "hello"}, {"token", "not-a-token"}})["code"], "invalid_token");
  EXPECT_EQ(ws.ask({{"type", "hello"}})["code"], "bad_message");
  EXPECT_EQ(ws.ask({{"type", "hello"}, {"token", std::string(5000, 'a')}})["code"], "bad_message");
  const std::string token = invite(30);
  const Response list = request(server_->port(), http::verb::get,
                                "/api/assessments/" + assessment_ + "/invitations", "", cookie_);
  const std::string id =
      std::to_string(json::parse(list.body())["invitations"][0]["id"].get<int>());
  ASSERT_EQ(request(server_->port(), http::verb::post, "/api/invitations/" + id + "/revoke", "",
                    cookie_, csrf_)
                .result_int(),
            200);
  EXPECT_EQ(ws.ask({{"type", "hello"}, {"token", token}})["code"], "revoked");
}

// A link not used before its expiry: refused, listed as expired, and
// usable again once resent. (Links last an hour at least, so the test moves
// this one's expiry into the past in the daemon's own database.)
TEST_F(Candidate, AnExpiredLinkIsRefusedListedAsExpiredAndCanBeResent) {
  const std::string token = invite(30);
  const Response list = request(server_->port(), http::verb::get,
                                "/api/assessments/" + assessment_ + "/invitations", "", cookie_);
  const std::int64_t id = json::parse(list.body())["invitations"][0]["id"].get<std::int64_t>();
  WsClient landing(server_->port());
  ASSERT_EQ(landing.ask({{"type", "hello"}, {"token", token}})["status"], "invited");
  {
    const auto store = proctord::open_sqlite_store(server_->data_dir() + "/proctord.db");
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    ASSERT_TRUE(store->replace_invitation_token(id, proctord::sha256_hex(token), now - 1));
  }
  // The page was open before the link expired: starting now is refused too.
  EXPECT_EQ(landing.ask({{"type", "start"}})["code"], "expired");
  WsClient ws(server_->port());
  EXPECT_EQ(ws.ask({{"type", "hello"}, {"token", token}})["code"], "expired");
  EXPECT_EQ(status_of_last_invitation(), "expired");

  const Response resent = request(server_->port(), http::verb::post,
                                  "/api/invitations/" + std::to_string(id) + "/resend",
                                  json{{"expires_in_hours", 24}}.dump(), cookie_, csrf_);
  ASSERT_EQ(resent.result_int(), 200) << resent.body();
  const auto in_a_day =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch() + std::chrono::hours(24))
          .count();
  EXPECT_NEAR(static_cast<double>(json::parse(resent.body())["expires_at"].get<std::int64_t>()),
              static_cast<double>(in_a_day), 60000);
  EXPECT_EQ(status_of_last_invitation(), "invited");
  WsClient again(server_->port());
  EXPECT_EQ(
      again.ask({{"type", "hello"}, {"token", json::parse(resent.body())["token"]}})["status"],
      "invited");
}

TEST_F(Candidate, MalformedAndHostileMessagesGetErrorsAndTheConnectionLives) {
  const std::string token = invite(30);
  WsClient ws(server_->port());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not json", "bad_message"},
      {"[]", "bad_message"},
      {"\"hello\"", "bad_message"},
      {"42", "bad_message"},
      {"null", "bad_message"},
      {"{}", "bad_message"},
      {R"({"type": 5})", "bad_message"},
      {R"({"type": null})", "bad_message"},
      {R"({"type": "start"})", "not_signed_in"},
      {R"({"type": "save_answer", "question": 0, "choices": [0]})", "not_signed_in"},
      {R"({"type": "drop_tables"})", "unknown_type"},
      {R"({"type": "hello", "token": 12})", "bad_message"},
      {R"({"type": "hello", "token": ["a"]})", "bad_message"},
  };
  for (const auto& [text, code] : cases) {
    ws.send(text);
    EXPECT_EQ(ws.receive()["code"], code) << text;
  }
  ws.ask({{"type", "hello"}, {"token", token}});
  ws.ask({{"type", "start"}});
  const std::vector<std::pair<json, std::string>> signed_in = {
      {{{"type", "save_answer"}, {"question", "1"}, {"choices", {0}}}, "bad_question"},
      {{{"type", "save_answer"}, {"question", -1}, {"choices", {0}}}, "bad_question"},
      {{{"type", "save_answer"}, {"question", 99}, {"choices", {0}}}, "bad_question"},
      {{{"type", "save_answer"}, {"question", 1.5}, {"choices", {0}}}, "bad_question"},
      {{{"type", "save_answer"}, {"question", 1}, {"choices", "0"}}, "bad_answer"},
      {{{"type", "save_answer"}, {"question", 1}, {"choices", {"a"}}}, "bad_answer"},
      {{{"type", "save_answer"}, {"question", 1}, {"choices", {-1}}}, "bad_answer"},
      {{{"type", "save_answer"}, {"question", 1}}, "bad_answer"},
      {{{"type", "save_code"}, {"question", 0}}, "bad_message"},
      {{{"type", "save_code"}, {"question", 0}, {"code", 5}}, "bad_message"},
      {{{"type", "save_code"}, {"question", 1}, {"code", "x"}}, "bad_question"},
      {{{"type", "start"}}, "already_started"},
      {{{"type", "event"}}, "bad_message"},
      {{{"type", "event"}, {"kind", "question_opened"}}, "bad_question"},
      {{{"type", "event"}, {"kind", "question_opened"}, {"question", 2}}, "bad_question"},
      {{{"type", "event"}, {"kind", "question_opened"}, {"question", -1}}, "bad_question"},
      {{{"type", "run"}, {"question", 1}, {"code", "x"}}, "bad_question"},
      {{{"type", "run"}, {"question", 0}, {"code", {"a"}}}, "bad_message"},
      {{{"type", "run"}, {"question", 0}, {"code", "x"}, {"input", {{"a", 1}}}}, "bad_message"},
      {{{"type", "run"}, {"question", "0"}, {"code", "x"}}, "bad_question"},
  };
  for (const auto& [message, code] : signed_in) {
    EXPECT_EQ(ws.ask(message)["code"], code) << message;
  }
  EXPECT_EQ(ws.ask({{"type", "ping"}})["type"], "pong");  // still usable
  // A message over the size limit ends the connection, nothing else. The
  // server may close it before the whole message is written (the frame's
  // header already says too much): a broken pipe here is that close.
  try {
    ws.send(std::string(300 * 1024, 'x'));
    EXPECT_EQ(ws.receive()["type"], "closed");
  } catch (const boost::system::system_error& closed) {
    EXPECT_TRUE(closed.code() == boost::asio::error::broken_pipe ||
                closed.code() == boost::asio::error::connection_reset)
        << closed.what();
  }
  WsClient other(server_->port());
  EXPECT_EQ(other.ask({{"type", "ping"}})["type"], "pong");
}

// A client that sends far faster than it reads is slowed down and refused
// with a reason, never cut off: every message gets its answer.
TEST_F(Candidate, AFloodIsThrottledNotDropped) {
  WsClient ws(server_->port());
  constexpr int kFlood = 300;
  for (int i = 0; i < kFlood; ++i) ws.send(json{{"type", "ping"}, {"id", i}});
  int limited = 0;
  for (int i = 0; i < kFlood; ++i) {
    const json reply = ws.receive();
    ASSERT_NE(reply["type"], "closed") << "after " << i << " replies";
    if (reply.value("code", "") == "rate_limited") ++limited;
  }
  EXPECT_GT(limited, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(ws.ask({{"type", "ping"}})["type"], "pong");
}

}  // namespace
}  // namespace proctord_test
