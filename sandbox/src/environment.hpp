// The environment every sandboxed program sees, cold or warm.
#pragma once

#include <string>
#include <vector>

namespace pysandbox {

inline const std::vector<std::string>& sandbox_environment() {
  static const std::vector<std::string> variables = {
      "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/tmp", "TMPDIR=/tmp", "PYTHONIOENCODING=utf-8"};
  return variables;
}

}  // namespace pysandbox
