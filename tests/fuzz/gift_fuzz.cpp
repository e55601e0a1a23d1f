// A GIFT file as a hiring team imports it: interchange::from_gift must
// never throw or crash, whatever the text. And what it imports must come
// back unchanged through to_gift and from_gift again, since GIFT holds
// everything a question of ours has (docs/testing.md).
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "interchange/mcq_formats.hpp"

namespace {

bool same_options(const grading::McqQuestion& a, const grading::McqQuestion& b) {
  if (a.options.size() != b.options.size()) return false;
  for (std::size_t i = 0; i < a.options.size(); ++i) {
    if (a.options[i].text != b.options[i].text || a.options[i].correct != b.options[i].correct) {
      return false;
    }
  }
  return true;
}

// The first part of a question that differs, named for the report; "".
std::string difference(const grading::McqQuestion& a, const grading::McqQuestion& b) {
  if (a.id != b.id) return "id";
  if (a.question != b.question) return "question text";
  if (a.snippet != b.snippet) return "snippet";
  if (a.explanation != b.explanation) return "explanation";
  if (a.difficulty != b.difficulty || a.tags != b.tags || a.guide_question != b.guide_question) {
    return "metadata";
  }
  if (!same_options(a, b)) return "options";
  return "";
}

void check_round_trip(const grading::McqSet& imported) {
  const interchange::Exported exported = interchange::to_gift(imported);
  fuzz::require(exported.losses.empty(), "GIFT export loses nothing");
  const interchange::Imported again = interchange::from_gift(exported.text, "fuzz", "Fuzz");
  fuzz::require(again.set.questions.size() == imported.questions.size(),
                "every imported question survives a GIFT round trip");
  for (std::size_t i = 0; i < imported.questions.size(); ++i) {
    const std::string differs = difference(imported.questions[i], again.set.questions[i]);
    fuzz::require(differs.empty(),
                  ("a question's " + differs + " changed in a GIFT round trip").c_str());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const interchange::Imported imported = interchange::from_gift(text, "fuzz", "Fuzz");
  check_round_trip(imported.set);
  return 0;
}
