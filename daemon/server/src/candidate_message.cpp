#include "proctord/candidate_message.hpp"

#include <algorithm>
#include <limits>

namespace proctord {
namespace {

using json = nlohmann::json;
using Body = std::variant<MessageBody, MessageError>;

constexpr std::size_t kMaxTokenBytes = 200;  // tokens are 43 characters; a bound, not a format

MessageError refusal(std::string code, std::string text) {
  return {std::move(code), std::move(text), json()};
}

MessageError bad_question() {
  return refusal("bad_question", "\"question\" must be a question's index");
}

// JSON with its nesting bounded. The parser itself is iterative, but a
// value that deep would later be copied and printed recursively; past the
// limit the rest is dropped and `too_deep` says so.
json parse_bounded(std::string_view text, bool& too_deep) {
  too_deep = false;
  const json::parser_callback_t limit = [&too_deep](int depth, json::parse_event_t, json&) {
    if (depth > kMaxMessageDepth) too_deep = true;
    return !too_deep;
  };
  return json::parse(text.begin(), text.end(), limit, /*allow_exceptions=*/false);
}

const json* field(const json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// A non-negative integer: a question's or an option's index.
std::optional<std::size_t> index_in(const json* value) {
  if (value == nullptr || !value->is_number_integer()) return std::nullopt;
  if (value->is_number_unsigned()) return value->get<std::uint64_t>();
  const auto signed_value = value->get<std::int64_t>();
  if (signed_value < 0) return std::nullopt;
  return static_cast<std::size_t>(signed_value);
}

// The start of a client's string for an error message, cut on a character
// boundary so that the reply stays valid UTF-8.
std::string preview(const std::string& text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
  return text.substr(0, bytes);
}

Body hello(const json& m) {
  const json* token = field(m, "token");
  if (token == nullptr || !token->is_string() ||
      token->get_ref<const std::string&>().size() > kMaxTokenBytes) {
    return refusal("bad_message", "hello needs the invitation's \"token\"");
  }
  return message::Hello{token->get<std::string>()};
}

Body save_answer(const json& m) {
  const std::optional<std::size_t> question = index_in(field(m, "question"));
  if (!question) return bad_question();
  const json* choices = field(m, "choices");
  if (choices == nullptr || !choices->is_array()) {
    return refusal("bad_answer", "\"choices\" must list option indexes");
  }
  message::SaveAnswer answer{*question, {}};
  for (const json& choice : *choices) {
    const std::optional<std::size_t> option = index_in(&choice);
    if (!option) return refusal("bad_answer", "an option index is out of range");
    answer.choices.push_back(*option);
  }
  return answer;
}

// The `code` of a save_code or run; nullopt when it is not a string.
std::optional<std::string> code_in(const json& m) {
  const json* code = field(m, "code");
  if (code == nullptr || !code->is_string()) return std::nullopt;
  return code->get<std::string>();
}

Body save_code(const json& m) {
  const std::optional<std::size_t> question = index_in(field(m, "question"));
  if (!question) return bad_question();
  std::optional<std::string> code = code_in(m);
  if (!code) return refusal("bad_message", "save_code needs \"code\" as a string");
  return message::SaveCode{*question, std::move(*code)};
}

Body submit(const json& m) {
  const std::optional<std::size_t> question = index_in(field(m, "question"));
  if (!question) return bad_question();
  return message::Submit{*question};
}

// A paste's length, when the client gave one that fits.
std::optional<std::int64_t> paste_length(const json* length) {
  if (length == nullptr || !length->is_number_integer()) return std::nullopt;
  if (length->is_number_unsigned() &&
      length->get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return std::nullopt;
  }
  return length->get<std::int64_t>();
}

Body event(const json& m) {
  const json* kind = field(m, "kind");
  const bool known = kind != nullptr && kind->is_string() &&
                     std::find(kRecordedSignals.begin(), kRecordedSignals.end(),
                               kind->get_ref<const std::string&>()) != kRecordedSignals.end();
  if (!known) return refusal("bad_message", "unknown event kind");
  message::Event recorded{kind->get<std::string>(), std::nullopt};
  if (recorded.kind == "paste") recorded.length = paste_length(field(m, "length"));
  if (recorded.kind == "question_opened") {
    const std::optional<std::size_t> question = index_in(field(m, "question"));
    if (!question) return bad_question();
    recorded.question = *question;
  }
  return recorded;
}

Body run(const json& m) {
  const std::optional<std::size_t> question = index_in(field(m, "question"));
  if (!question) return bad_question();
  std::optional<std::string> code = code_in(m);
  if (!code) return refusal("bad_message", "run needs \"code\" as a string");
  message::Run request{*question, std::move(*code), std::nullopt};
  if (const json* input = field(m, "input"); input != nullptr && !input->is_null()) {
    if (!input->is_string()) return refusal("bad_message", "\"input\" must be a string");
    request.input = input->get<std::string>();
  }
  return request;
}

struct Kind {
  std::string_view type;
  Body (*parse)(const json&);
};

constexpr std::array<Kind, 9> kKinds = {{
    {"ping", [](const json&) -> Body { return message::Ping{}; }},
    {"hello", hello},
    {"start", [](const json&) -> Body { return message::Start{}; }},
    {"save_answer", save_answer},
    {"save_code", save_code},
    {"submit", submit},
    {"event", event},
    {"finish", [](const json&) -> Body { return message::Finish{}; }},
    {"run", run},
}};

}  // namespace

ParsedMessage parse_candidate_message(std::string_view text) {
  bool too_deep = false;
  const json m = parse_bounded(text, too_deep);
  if (too_deep) {
    return refusal("bad_message",
                   "the message nests deeper than " + std::to_string(kMaxMessageDepth) + " levels");
  }
  if (m.is_discarded()) return refusal("bad_message", "the message is not valid JSON");
  const json* type = m.is_object() ? field(m, "type") : nullptr;
  if (type == nullptr || !type->is_string()) {
    return refusal("bad_message", "a message is a JSON object with a string \"type\"");
  }
  const json* given_id = field(m, "id");
  json id = given_id == nullptr ? json() : *given_id;
  const std::string& name = type->get_ref<const std::string&>();
  const auto kind =
      std::find_if(kKinds.begin(), kKinds.end(), [&name](const Kind& k) { return k.type == name; });
  if (kind == kKinds.end()) {
    return MessageError{"unknown_type", "unknown message type '" + preview(name, 40) + "'",
                        std::move(id)};
  }
  Body body = kind->parse(m);
  if (auto* refused = std::get_if<MessageError>(&body)) {
    refused->id = std::move(id);
    return std::move(*refused);
  }
  return CandidateMessage{std::move(id), std::get<MessageBody>(std::move(body))};
}

json candidate_message_id(std::string_view text) {
  bool too_deep = false;
  const json m = parse_bounded(text, too_deep);
  if (too_deep || !m.is_object()) return json();
  const json* id = field(m, "id");
  return id == nullptr ? json() : *id;
}

}  // namespace proctord
