// Typed reads from a YAML file that turn every mistake into an Issue with
// the file and line, and keep going so that one pass reports them all.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "grading/issue.hpp"

namespace grading {

class YamlReader {
 public:
  YamlReader(const std::filesystem::path& path, Issues& issues);

  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] const YAML::Node& root() const { return root_; }
  [[nodiscard]] const std::string& path() const { return path_; }

  void error(const YAML::Node& near, const std::string& message);

  std::string scalar(const YAML::Node& node);
  std::string required_string(const YAML::Node& map, const std::string& key);
  std::string optional_string(const YAML::Node& map, const std::string& key,
                              const std::string& fallback);
  // A string or a number written as text ("12", "MCQ 4"); "" when absent.
  std::string optional_scalar(const YAML::Node& map, const std::string& key);
  double required_number(const YAML::Node& map, const std::string& key, double min, double max);
  double optional_number(const YAML::Node& map, const std::string& key, double fallback, double min,
                         double max);
  bool optional_bool(const YAML::Node& map, const std::string& key, bool fallback);
  std::vector<std::string> string_list(const YAML::Node& map, const std::string& key,
                                       bool required);
  YAML::Node optional_map(const YAML::Node& map, const std::string& key);
  YAML::Node required_sequence(const YAML::Node& map, const std::string& key);

 private:
  double number(const YAML::Node& node, const std::string& key, double min, double max);

  std::string path_;
  Issues& issues_;
  YAML::Node root_;
  bool ok_ = true;
};

}  // namespace grading
