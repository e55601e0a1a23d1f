#include "text.hpp"

#include <cctype>

namespace interchange {

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

std::string IdMaker::make(const std::string& title, std::size_t index) {
  std::string id;
  for (const char c : title) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 && u < 128) {
      id += static_cast<char>(std::tolower(u));
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
  }
  // Cut first, then drop trailing dashes: a cut can end on one, and an id
  // made again from such an id (a GIFT round trip) would come out shorter.
  if (id.size() > 60) id.resize(60);
  while (!id.empty() && id.back() == '-') id.pop_back();
  if (id.empty()) id = "q" + std::to_string(index + 1);
  std::string unique = id;
  for (int n = 2; !used_.insert(unique).second; ++n) unique = id + "-" + std::to_string(n);
  return unique;
}

void report_bank_rules(const grading::McqQuestion& q, std::vector<std::string>& losses) {
  const std::string who = "question '" + q.id + "': ";
  const auto count = q.options.size();
  if (count < 3 || count > 5) {
    losses.push_back(who + std::to_string(count) + " options; the bank needs 3 to 5");
  }
  int correct = 0;
  for (const grading::McqOption& option : q.options) correct += option.correct ? 1 : 0;
  if (correct == 0) losses.push_back(who + "no correct option");
  if (q.explanation.empty()) losses.push_back(who + "no explanation; the bank needs one");
}

}  // namespace interchange
