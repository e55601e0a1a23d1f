#include "grading/mcq.hpp"

#include <set>

#include "yaml_reader.hpp"

namespace grading {

bool McqQuestion::multiple() const {
  int correct = 0;
  for (const McqOption& option : options) correct += option.correct ? 1 : 0;
  return correct > 1;
}

std::string normalise_output(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    line.erase(line.find_last_not_of(" \t\r\f\v") + 1);
    lines.push_back(std::move(line));
    start = end + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  std::string joined;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) joined += '\n';
    joined += lines[i];
  }
  return joined;
}

namespace {

McqQuestion read_question(YamlReader& yaml, const YAML::Node& node, std::set<std::string>& ids) {
  McqQuestion q;
  q.line = node.Mark().line + 1;
  if (!node.IsMap()) {
    yaml.error(node, "a question must be a mapping");
    return q;
  }
  q.id = yaml.required_string(node, "id");
  if (!q.id.empty() && !ids.insert(q.id).second)
    yaml.error(node["id"], "duplicate id '" + q.id + "'");
  q.guide_question = yaml.optional_scalar(node, "guide_question");
  q.difficulty = yaml.required_string(node, "difficulty");
  if (!q.difficulty.empty() && q.difficulty != "easy" && q.difficulty != "medium" &&
      q.difficulty != "hard") {
    yaml.error(node["difficulty"], "difficulty must be easy, medium or hard");
  }
  q.tags = yaml.string_list(node, "tags", true);
  q.question = yaml.required_string(node, "question");
  q.explanation = yaml.required_string(node, "explanation");
  if (node["snippet"]) q.snippet = yaml.required_string(node, "snippet");
  const YAML::Node options = yaml.required_sequence(node, "options");
  for (const YAML::Node& option : options) {
    if (!option.IsMap()) {
      yaml.error(option, "an option must be a mapping with 'text' (and 'correct: true')");
      continue;
    }
    q.options.push_back(
        {yaml.required_string(option, "text"), yaml.optional_bool(option, "correct", false)});
  }
  const auto count = q.options.size();
  if (count < 3 || count > 5) {
    yaml.error(
        options.size() > 0 ? options : node,
        "question '" + q.id + "' has " + std::to_string(count) + " options; 3 to 5 are allowed");
  }
  int correct = 0;
  std::set<std::string> texts;
  for (const McqOption& option : q.options) {
    correct += option.correct ? 1 : 0;
    if (!texts.insert(option.text).second) {
      yaml.error(options, "question '" + q.id + "' repeats the option '" + option.text + "'");
    }
  }
  if (correct == 0)
    yaml.error(options.size() > 0 ? options : node,
               "question '" + q.id + "' has no correct option");
  if (q.snippet && correct != 1) {
    yaml.error(node["snippet"],
               "a \"what does this print?\" question has exactly one correct option");
  }
  return q;
}

}  // namespace

LoadedMcqSet load_mcq_set(const std::filesystem::path& path) {
  LoadedMcqSet loaded;
  YamlReader yaml(path, loaded.issues);
  if (!yaml.ok()) return loaded;
  McqSet set;
  set.path = path;
  set.id = yaml.required_string(yaml.root(), "set");
  set.title = yaml.required_string(yaml.root(), "title");
  std::set<std::string> ids;
  for (const YAML::Node& node : yaml.required_sequence(yaml.root(), "questions")) {
    set.questions.push_back(read_question(yaml, node, ids));
  }
  if (set.questions.empty()) yaml.error(yaml.root(), "the set has no questions");
  if (yaml.ok()) loaded.set = std::move(set);
  return loaded;
}

}  // namespace grading
