// An Aiken file as a hiring team imports it: interchange::from_aiken must
// never throw or crash, whatever the text, and every question it takes
// has exactly the one correct option that Aiken names.
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "interchange/mcq_formats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const interchange::Imported imported = interchange::from_aiken(text, "fuzz", "Fuzz");
  for (const grading::McqQuestion& q : imported.set.questions) {
    int correct = 0;
    for (const grading::McqOption& option : q.options) correct += option.correct ? 1 : 0;
    fuzz::require(correct == 1, "an Aiken question has one correct option");
    fuzz::require(!q.question.empty() && !q.id.empty(), "an Aiken question has text and an id");
  }
  return 0;
}
