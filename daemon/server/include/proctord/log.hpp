// One logging facility: a level, a message and key=value fields, one line
// each, to stderr. Never used in a sandboxed child.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>

namespace proctord {

enum class Level { Debug, Info, Warning, Error };

using Field = std::pair<const char*, std::string>;

void log(Level level, const std::string& message, std::initializer_list<Field> fields = {});
void set_log_level(Level level);

}  // namespace proctord
