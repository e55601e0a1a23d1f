#include "names.hpp"

#include <array>
#include <cstdint>
#include <utility>

namespace upload::detail {
namespace {

struct Decoded {
  char32_t code_point = 0;
  std::size_t length = 0;  // 0: not well-formed UTF-8 at this position
};

// Strict UTF-8: overlong forms, surrogates and code points past U+10FFFF are
// refused, since other tools may decode them to '/' or '.'.
Decoded decode_utf8(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = 0;
  char32_t code_point = 0;
  char32_t smallest = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, code_point = lead & 0x1FU, smallest = 0x80;
  } else if ((lead & 0xF0U) == 0xE0) {
    length = 3, code_point = lead & 0x0FU, smallest = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, code_point = lead & 0x07U, smallest = 0x10000;
  } else {
    return {};
  }
  if (length > text.size() - at) return {};
  for (std::size_t i = 1; i < length; ++i) {
    const unsigned char next = byte(at + i);
    if ((next & 0xC0U) != 0x80) return {};
    code_point = code_point << 6U | (next & 0x3FU);
  }
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (code_point < smallest || code_point > 0x10FFFF || surrogate) return {};
  return {code_point, length};
}

bool is_printable(char32_t code_point) {
  if (code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F)) return false;
  // Invisible characters that hide or reorder text: a reviewer must read a
  // file's name as the filesystem sees it.
  constexpr std::array<std::pair<char32_t, char32_t>, 8> kInvisible{{{0x061C, 0x061C},
                                                                     {0x200B, 0x200F},
                                                                     {0x2028, 0x202E},
                                                                     {0x2060, 0x2064},
                                                                     {0x2066, 0x2069},
                                                                     {0xFEFF, 0xFEFF},
                                                                     {0xFFF9, 0xFFFB},
                                                                     {0xFFFE, 0xFFFF}}};
  for (const auto& [first, last] : kInvisible) {
    if (code_point >= first && code_point <= last) return false;
  }
  return true;
}

std::string hex(std::uint32_t value, std::size_t digits) {
  constexpr std::string_view kDigits = "0123456789ABCDEF";
  std::string text(digits, '0');
  for (std::size_t i = digits; i-- > 0; value >>= 4U) text[i] = kDigits[value & 0xFU];
  return text;
}

std::string hex_byte(unsigned char byte) {
  return "\\x" + hex(byte, 2);
}

std::string code_point_name(char32_t code_point) {
  return "U+" + hex(code_point, code_point > 0xFFFF ? 6 : 4);
}

// Why the name is not printable UTF-8, or empty.
std::string unprintable_reason(std::string_view name) {
  for (std::size_t at = 0; at < name.size();) {
    const Decoded decoded = decode_utf8(name, at);
    if (decoded.length == 0) return "the name is not valid UTF-8";
    if (!is_printable(decoded.code_point)) {
      return "the name contains the unprintable character " + code_point_name(decoded.code_point);
    }
    at += decoded.length;
  }
  return {};
}

}  // namespace

std::string quote_name(std::string_view name) {
  constexpr std::size_t kShown = 160;
  std::string quoted = "'";
  for (std::size_t at = 0; at < name.size();) {
    if (quoted.size() > kShown) return quoted + "...'";
    const Decoded decoded = decode_utf8(name, at);
    if (decoded.length > 0 && is_printable(decoded.code_point)) {
      quoted += name.substr(at, decoded.length);
      at += decoded.length;
      continue;
    }
    const std::size_t length = decoded.length > 0 ? decoded.length : 1;
    for (std::size_t i = 0; i < length; ++i) {
      quoted += hex_byte(static_cast<unsigned char>(name[at + i]));
    }
    at += length;
  }
  return quoted + "'";
}

UnpackError entry_error(std::string_view name, std::string_view problem) {
  return {"entry " + quote_name(name) + ": " + std::string(problem)};
}

std::variant<std::vector<std::string>, std::string> split_path(std::string_view name,
                                                               EntryKind kind) {
  if (name.empty()) return std::string("a name may not be empty");
  if (name.find('\0') != std::string_view::npos) {
    return std::string("a path may not contain a NUL byte");
  }
  if (name.find('\\') != std::string_view::npos) {
    return std::string("a path may not contain a backslash");
  }
  if (name.front() == '/') return std::string("a path may not be absolute");
  if (std::string reason = unprintable_reason(name); !reason.empty()) return reason;

  std::string_view rest = name;
  if (rest.back() == '/') {
    if (kind == EntryKind::File) return std::string("a file's name may not end with '/'");
    rest.remove_suffix(1);
  }
  std::vector<std::string> components;
  while (true) {
    const std::size_t slash = rest.find('/');
    const std::string_view component = rest.substr(0, slash);
    if (component.empty()) return std::string("a path may not contain an empty component ('//')");
    if (component == "..") return std::string("a path may not contain '..'");
    if (component != ".") components.emplace_back(component);
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (kind == EntryKind::File && components.empty()) return std::string("a file needs a name");
  return components;
}

std::string join(std::span<const std::string> components) {
  std::string path;
  for (const std::string& component : components) {
    if (!path.empty()) path += '/';
    path += component;
  }
  return path;
}

}  // namespace upload::detail
