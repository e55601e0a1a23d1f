// The rules for a name in an upload, and quoting names safely in messages.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "entry.hpp"
#include "upload/archive.hpp"

namespace upload::detail {

// The name for a message: bytes that are not printable UTF-8 become \xNN and
// very long names are cut, so a hostile name cannot forge or flood a log.
std::string quote_name(std::string_view name);

// "entry '<name>': <problem>"
UnpackError entry_error(std::string_view name, std::string_view problem);

// The name's path components, "." components dropped (tar's "./" prefix), or
// why the name is refused. A folder's name may end with '/'.
std::variant<std::vector<std::string>, std::string> split_path(std::string_view name,
                                                               EntryKind kind);

// Path components joined with '/'.
std::string join(std::span<const std::string> components);

}  // namespace upload::detail
