// A candidate's WebSocket message, parsed and checked on its own: no
// session, no store, no clock. docs/protocol.md is the reference.
//
// This is everything the server believes about a message's shape before
// the session (candidate.hpp) asks what it means for the attempt: the
// question's range, the options' count and the size limits depend on the
// assessment and the configuration and stay there. Kept pure so that it
// can be fuzzed (tests/fuzz/candidate_message_fuzz.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace proctord {

// The signals a client may report, listed to the candidate in `welcome` as
// `recorded_signals`: the proctoring ones, and which question is on screen
// (the report's time per question).
inline constexpr std::array<const char*, 5> kRecordedSignals = {
    "focus_lost", "focus_gained", "paste", "fullscreen_exit", "question_opened"};

// Deeper JSON is refused: echoing a deeply nested `id` copies and prints it
// recursively, and a 256 KiB message could nest far enough to overflow the
// stack.
inline constexpr int kMaxMessageDepth = 32;

namespace message {

struct Ping {};
struct Hello {
  std::string token;
};
struct Start {};
struct SaveAnswer {
  std::size_t question = 0;
  std::vector<std::size_t> choices;
};
struct SaveCode {
  std::size_t question = 0;
  std::string code;
};
struct Submit {
  std::size_t question = 0;
};
struct Event {
  std::string kind;                    // one of kRecordedSignals
  std::optional<std::int64_t> length;  // a paste's length, when given
  std::size_t question = 0;            // question_opened: which one
};
struct Finish {};
struct Run {
  std::size_t question = 0;
  std::string code;
  std::optional<std::string> input;  // custom input; none: the samples
};

}  // namespace message

using MessageBody =
    std::variant<message::Ping, message::Hello, message::Start, message::SaveAnswer,
                 message::SaveCode, message::Submit, message::Event, message::Finish, message::Run>;

struct CandidateMessage {
  nlohmann::json id;  // the client's `id`, echoed as `in_reply_to`; null when none
  MessageBody body;
};

// Why a message was refused: the error reply's code and text.
struct MessageError {
  std::string code;     // "bad_message", "unknown_type", "bad_question", "bad_answer"
  std::string message;  // for the candidate
  nlohmann::json id;    // the client's `id` when it could be read; null otherwise
};

using ParsedMessage = std::variant<CandidateMessage, MessageError>;

// Parses and checks one message. Never throws.
ParsedMessage parse_candidate_message(std::string_view text);

// The `id` of a message that is dropped unread (rate limiting), so that
// the refusal can carry it; null when it has none or cannot be read.
nlohmann::json candidate_message_id(std::string_view text);

}  // namespace proctord
