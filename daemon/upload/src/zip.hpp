// Reading a zip through its central directory, cross-checked against each
// member's local header.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "entry.hpp"

namespace upload::detail {

struct ZipMember {
  std::uint16_t method = 0;
  std::uint32_t crc = 0;
  std::uint64_t size = 0;       // declared, enforced while extracting
  std::string_view compressed;  // inside the archive
};

struct ZipArchive {
  std::vector<Entry> entries;
  std::vector<ZipMember> members;  // matching entries
};

std::variant<ZipArchive, UnpackError> read_zip(std::string_view archive, const Limits& limits);

// Inflates (or copies) a member into the sink, checking that it produces
// exactly its declared size and CRC-32.
std::optional<UnpackError> extract_zip_member(const ZipMember& member, std::string_view name,
                                              Sink& sink);

}  // namespace upload::detail
