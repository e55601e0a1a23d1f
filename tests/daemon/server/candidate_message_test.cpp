// The candidate's messages as the parser sees them, without a server:
// shapes accepted and refused, and the hostile ones that the fuzz target
// replays too (tests/fuzz/candidate_message/corpus/regress-*).
#include "proctord/candidate_message.hpp"

#include <gtest/gtest.h>

#include <string>

namespace proctord {
namespace {

using nlohmann::json;

std::string code_of(std::string_view text) {
  const ParsedMessage parsed = parse_candidate_message(text);
  const auto* refused = std::get_if<MessageError>(&parsed);
  return refused ? refused->code : "ok";
}

TEST(CandidateMessage, WellFormedMessagesAreTyped) {
  const ParsedMessage parsed =
      parse_candidate_message(R"({"type": "run", "question": 2, "code": "x", "id": 12})");
  ASSERT_TRUE(std::holds_alternative<CandidateMessage>(parsed));
  const CandidateMessage& message = std::get<CandidateMessage>(parsed);
  EXPECT_EQ(message.id, 12);
  const auto& run = std::get<message::Run>(message.body);
  EXPECT_EQ(run.question, 2u);
  EXPECT_EQ(run.code, "x");
  EXPECT_FALSE(run.input.has_value());

  const auto answer = std::get<CandidateMessage>(
      parse_candidate_message(R"({"type": "save_answer", "question": 1, "choices": [0, 3]})"));
  EXPECT_EQ(std::get<message::SaveAnswer>(answer.body).choices, (std::vector<std::size_t>{0, 3}));
  const auto paste = std::get<CandidateMessage>(
      parse_candidate_message(R"({"type": "event", "kind": "paste", "length": 120})"));
  EXPECT_EQ(std::get<message::Event>(paste.body).length, 120);
}

TEST(CandidateMessage, WrongShapesAreRefusedWithTheProtocolsCodes) {
  EXPECT_EQ(code_of("not json"), "bad_message");
  EXPECT_EQ(code_of("[]"), "bad_message");
  EXPECT_EQ(code_of(R"({"type": 5})"), "bad_message");
  EXPECT_EQ(code_of(R"({"type": "drop_tables"})"), "unknown_type");
  EXPECT_EQ(code_of(R"({"type": "hello", "token": 12})"), "bad_message");
  EXPECT_EQ(code_of(R"({"type": "submit", "question": -1})"), "bad_question");
  EXPECT_EQ(code_of(R"({"type": "submit", "question": 1.5})"), "bad_question");
  EXPECT_EQ(code_of(R"({"type": "save_answer", "question": 0, "choices": [-1]})"), "bad_answer");
  EXPECT_EQ(code_of(R"({"type": "save_code", "question": 0})"), "bad_message");
  EXPECT_EQ(code_of(R"({"type": "run", "question": 0, "code": "x", "input": 3})"), "bad_message");
  // A kind that is not a string once made value() throw: an "internal" error.
  EXPECT_EQ(code_of(R"({"type": "event", "kind": 5})"), "bad_message");
}

TEST(CandidateMessage, AnErrorCarriesTheClientsIdOnceTheTypeIsKnown) {
  const ParsedMessage parsed = parse_candidate_message(R"({"type": "nope", "id": "x"})");
  EXPECT_EQ(std::get<MessageError>(parsed).id, "x");
  EXPECT_EQ(candidate_message_id(R"({"type": "ping", "id": [1, 2]})"), json::array({1, 2}));
  EXPECT_TRUE(candidate_message_id("not json").is_null());
}

// A 240 KB message whose id nests 120,000 arrays deep is under the size
// limit; echoing that id copied and printed it recursively and overflowed
// the server's stack. Such messages are refused, and their id not echoed.
TEST(CandidateMessage, DeepNestingIsRefusedBeforeAnythingCopiesIt) {
  const std::size_t depth = 120000;
  const std::string text =
      R"({"type": "ping", "id": )" + std::string(depth, '[') + std::string(depth, ']') + "}";
  const ParsedMessage parsed = parse_candidate_message(text);
  ASSERT_TRUE(std::holds_alternative<MessageError>(parsed));
  EXPECT_EQ(std::get<MessageError>(parsed).code, "bad_message");
  EXPECT_TRUE(std::get<MessageError>(parsed).id.is_null());
  EXPECT_TRUE(candidate_message_id(text).is_null());
  const std::string shallow = R"({"type": "ping", "id": [[["x"]]]})";
  EXPECT_EQ(code_of(shallow), "ok");
}

// An unknown type is quoted back cut to 40 bytes: never inside a UTF-8
// character, so that the reply prints as valid JSON.
TEST(CandidateMessage, AQuotedTypeIsCutOnACharacterBoundary) {
  std::string type = "a";
  for (int i = 0; i < 30; ++i) type += "\xC3\xA9";  // é
  const ParsedMessage parsed = parse_candidate_message(json{{"type", type}}.dump());
  const MessageError& refused = std::get<MessageError>(parsed);
  EXPECT_NO_THROW((void)json(refused.message).dump());
}

}  // namespace
}  // namespace proctord
