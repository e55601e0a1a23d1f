// Reading a ustar, GNU or pax tar held in memory.
#pragma once

#include <string_view>
#include <variant>
#include <vector>

#include "entry.hpp"

namespace upload::detail {

struct TarArchive {
  std::vector<Entry> entries;
  std::vector<std::string_view> contents;  // matching entries, inside the archive
};

// The first header carries the ustar magic (POSIX or GNU). Old v7 tars,
// without it, are not accepted.
bool looks_like_tar(std::string_view bytes);

std::variant<TarArchive, UnpackError> read_tar(std::string_view archive, const Limits& limits);

}  // namespace upload::detail
