// A candidate's WebSocket message, every byte of it chosen by the client:
// parse_candidate_message must never throw or crash, and what it accepts
// must hold what the session relies on without checking again.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "proctord/candidate_message.hpp"

namespace {

using nlohmann::json;
using proctord::CandidateMessage;
using proctord::MessageError;

void check_refusal(const MessageError& refused) {
  static const char* const kCodes[] = {"bad_message", "unknown_type", "bad_question", "bad_answer"};
  fuzz::require(std::find(std::begin(kCodes), std::end(kCodes), refused.code) != std::end(kCodes),
                "a refusal has a documented error code");
  // The reply goes out as JSON text: printing it must not throw (a strict
  // dump throws on invalid UTF-8, such as a multi-byte character cut in two).
  json reply = {{"type", "error"}, {"code", refused.code}, {"message", refused.message}};
  if (!refused.id.is_null()) reply["in_reply_to"] = refused.id;
  (void)reply.dump();
}

void check_message(const CandidateMessage& message, std::string_view text) {
  fuzz::require(proctord::candidate_message_id(text) == message.id,
                "the id read for a dropped message is the parsed message's id");
  (void)json{{"in_reply_to", message.id}}.dump();
  if (const auto* hello = std::get_if<proctord::message::Hello>(&message.body)) {
    fuzz::require(hello->token.size() <= 200, "a token is bounded");
  }
  if (const auto* event = std::get_if<proctord::message::Event>(&message.body)) {
    const auto& kinds = proctord::kRecordedSignals;
    fuzz::require(std::find(kinds.begin(), kinds.end(), event->kind) != kinds.end(),
                  "an event is one of the recorded signals");
    fuzz::require(!event->length || event->kind == "paste", "only a paste has a length");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const proctord::ParsedMessage parsed = proctord::parse_candidate_message(text);
  if (const auto* refused = std::get_if<MessageError>(&parsed)) {
    check_refusal(*refused);
  } else {
    check_message(std::get<CandidateMessage>(parsed), text);
  }
  return 0;
}
