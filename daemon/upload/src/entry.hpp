// What every archive reader hands to the installer: the entries as the
// archive lists them, and a way to copy each file's content out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "upload/archive.hpp"

namespace upload::detail {

enum class EntryKind { File, Folder };

struct Entry {
  std::string name;  // exactly as the archive spells it: checked by the installer
  EntryKind kind = EntryKind::File;
  std::uint64_t size = 0;  // a file's declared size, checked against the limits up front
};

// Where a file's content goes. It refuses, with the error to report, a piece
// that would cross a limit, so a reader never needs to trust declared sizes.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual std::optional<UnpackError> write(std::string_view piece) = 0;
};

// Copies the content of entries[index] into the sink.
using ContentWriter = std::function<std::optional<UnpackError>(std::size_t index, Sink& sink)>;

// Checks every entry (names, kinds, duplicates, limits) before anything is
// written, strips a common root folder, then writes the tree into dest. On
// failure dest is emptied again.
std::variant<Unpacked, UnpackError> install(const std::vector<Entry>& entries,
                                            const ContentWriter& content,
                                            const std::filesystem::path& dest,
                                            const Limits& limits);

// Feeds bytes already in memory to a sink in bounded pieces.
std::optional<UnpackError> write_in_pieces(std::string_view bytes, Sink& sink);

}  // namespace upload::detail
