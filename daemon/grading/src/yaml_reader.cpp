#include "yaml_reader.hpp"

#include <cmath>
#include <sstream>

namespace grading {

YamlReader::YamlReader(const std::filesystem::path& path, Issues& issues)
    : path_(path.string()), issues_(issues) {
  try {
    root_ = YAML::LoadFile(path_);
  } catch (const YAML::ParserException& error) {
    issues_.push_back({path_, error.mark.line + 1, "not valid YAML: " + error.msg});
    ok_ = false;
    return;
  } catch (const YAML::Exception& error) {
    issues_.push_back({path_, 0, error.what()});
    ok_ = false;
    return;
  }
  if (!root_.IsMap()) error(root_, "the file must hold a mapping of keys to values");
}

void YamlReader::error(const YAML::Node& near, const std::string& message) {
  const int line = near && near.Mark().line >= 0 ? near.Mark().line + 1 : 0;
  issues_.push_back({path_, line, message});
  ok_ = false;
}

std::string YamlReader::scalar(const YAML::Node& node) {
  if (!node.IsScalar()) {
    error(node, "expected a single value");
    return "";
  }
  return node.Scalar();
}

std::string YamlReader::required_string(const YAML::Node& map, const std::string& key) {
  const YAML::Node node = map[key];
  if (!node || node.IsNull()) {
    error(map, "missing '" + key + "'");
    return "";
  }
  std::string text = scalar(node);
  if (text.empty()) error(node, "'" + key + "' is empty");
  return text;
}

std::string YamlReader::optional_string(const YAML::Node& map, const std::string& key,
                                        const std::string& fallback) {
  const YAML::Node node = map[key];
  if (!node || node.IsNull()) return fallback;
  return scalar(node);
}

std::string YamlReader::optional_scalar(const YAML::Node& map, const std::string& key) {
  return optional_string(map, key, "");
}

double YamlReader::number(const YAML::Node& node, const std::string& key, double min, double max) {
  const std::string text = scalar(node);
  double value = 0;
  std::istringstream in(text);
  if (!(in >> value) || !in.eof() || !std::isfinite(value)) {
    error(node, "'" + key + "' must be a number, not '" + text + "'");
    return min;
  }
  if (value < min || value > max) {
    std::ostringstream range;
    range << "'" << key << "' must be between " << min << " and " << max;
    error(node, range.str());
    return min;
  }
  return value;
}

double YamlReader::required_number(const YAML::Node& map, const std::string& key, double min,
                                   double max) {
  const YAML::Node node = map[key];
  if (!node || node.IsNull()) {
    error(map, "missing '" + key + "'");
    return min;
  }
  return number(node, key, min, max);
}

double YamlReader::optional_number(const YAML::Node& map, const std::string& key, double fallback,
                                   double min, double max) {
  const YAML::Node node = map[key];
  if (!node || node.IsNull()) return fallback;
  return number(node, key, min, max);
}

bool YamlReader::optional_bool(const YAML::Node& map, const std::string& key, bool fallback) {
  const YAML::Node node = map[key];
  if (!node || node.IsNull()) return fallback;
  const std::string text = scalar(node);
  if (text == "true") return true;
  if (text == "false") return false;
  error(node, "'" + key + "' must be true or false");
  return fallback;
}

std::vector<std::string> YamlReader::string_list(const YAML::Node& map, const std::string& key,
                                                 bool required) {
  std::vector<std::string> items;
  const YAML::Node node = map[key];
  if (!node || node.IsNull()) {
    if (required) error(map, "missing '" + key + "'");
    return items;
  }
  if (!node.IsSequence()) {
    error(node, "'" + key + "' must be a list");
    return items;
  }
  for (const YAML::Node& item : node) items.push_back(scalar(item));
  if (required && items.empty()) error(node, "'" + key + "' is empty");
  return items;
}

YAML::Node YamlReader::optional_map(const YAML::Node& map, const std::string& key) {
  const YAML::Node node = map[key];
  // A default Node is a defined null; "absent" must test false.
  const YAML::Node absent(YAML::NodeType::Undefined);
  if (!node || node.IsNull()) return absent;
  if (!node.IsMap()) {
    error(node, "'" + key + "' must be a mapping");
    return absent;
  }
  return node;
}

YAML::Node YamlReader::required_sequence(const YAML::Node& map, const std::string& key) {
  const YAML::Node node = map[key];
  if (!node || !node.IsSequence()) {
    error(node ? node : map, "'" + key + "' must be a list");
    return YAML::Node(YAML::NodeType::Sequence);
  }
  return node;
}

}  // namespace grading
