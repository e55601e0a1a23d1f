// Little-endian fields of binary headers. Callers check bounds first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace upload::detail {

inline std::uint16_t le16(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[at]) |
                                    static_cast<unsigned char>(bytes[at + 1]) << 8U);
}

inline std::uint32_t le32(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint32_t>(le16(bytes, at)) |
         static_cast<std::uint32_t>(le16(bytes, at + 2)) << 16U;
}

}  // namespace upload::detail
