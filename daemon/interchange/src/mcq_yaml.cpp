// Our MCQ set YAML (problems/README.md), written so that load_mcq_set reads
// back exactly the same text: multi-line text as literal blocks.
#include <yaml-cpp/yaml.h>

#include "interchange/mcq_formats.hpp"

namespace interchange {
namespace {

void write_text(YAML::Emitter& out, const std::string& text) {
  if (text.find('\n') != std::string::npos) {
    out << YAML::Literal << text;
  } else {
    out << YAML::DoubleQuoted << text;
  }
}

}  // namespace

std::string to_mcq_yaml(const grading::McqSet& set) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "set" << YAML::Value << set.id;
  out << YAML::Key << "title" << YAML::Value << YAML::DoubleQuoted << set.title;
  out << YAML::Key << "questions" << YAML::Value << YAML::BeginSeq;
  for (const grading::McqQuestion& q : set.questions) {
    out << YAML::BeginMap;
    out << YAML::Key << "id" << YAML::Value << q.id;
    if (!q.guide_question.empty()) {
      out << YAML::Key << "guide_question" << YAML::Value << YAML::DoubleQuoted << q.guide_question;
    }
    out << YAML::Key << "difficulty" << YAML::Value << q.difficulty;
    out << YAML::Key << "tags" << YAML::Value << YAML::Flow << q.tags;
    out << YAML::Key << "question" << YAML::Value;
    write_text(out, q.question);
    if (q.snippet) {
      out << YAML::Key << "snippet" << YAML::Value;
      write_text(out, *q.snippet);
    }
    out << YAML::Key << "options" << YAML::Value << YAML::BeginSeq;
    for (const grading::McqOption& option : q.options) {
      out << YAML::BeginMap << YAML::Key << "text" << YAML::Value;
      write_text(out, option.text);
      if (option.correct) out << YAML::Key << "correct" << YAML::Value << true;
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
    out << YAML::Key << "explanation" << YAML::Value;
    write_text(out, q.explanation);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace interchange
