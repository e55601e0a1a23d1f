// The header layout is POSIX's ustar (pax(1), "ustar Interchange Format"),
// with GNU's long names ('L') and pax extended headers ('x', 'g').
#include "tar.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "names.hpp"

namespace upload::detail {
namespace {

constexpr std::size_t kBlock = 512;
// Pax headers and GNU long names are read whole; real ones are a few
// hundred bytes.
constexpr std::uint64_t kMaxMetadataBytes = 1 << 20;

struct Field {
  std::size_t offset;
  std::size_t length;
};
constexpr Field kName{0, 100};
constexpr Field kSize{124, 12};
constexpr Field kChecksum{148, 8};
constexpr std::size_t kTypeOffset = 156;
constexpr Field kLinkName{157, 100};
constexpr Field kMagic{257, 6};
constexpr Field kPrefix{345, 155};

constexpr std::string_view kPosixMagic{"ustar\0", 6};
constexpr std::string_view kGnuMagic{"ustar ", 6};

std::string_view field(std::string_view header, Field where) {
  return header.substr(where.offset, where.length);
}

// A NUL-terminated field, or the whole field when it is full.
std::string_view text_field(std::string_view header, Field where) {
  const std::string_view raw = field(header, where);
  return raw.substr(0, raw.find('\0'));
}

// Octal digits, optionally space-padded and ended by NUL or space.
std::optional<std::uint64_t> parse_octal(std::string_view digits) {
  std::size_t at = digits.find_first_not_of(' ');
  if (at == std::string_view::npos) return 0;
  std::uint64_t value = 0;
  for (; at < digits.size() && digits[at] >= '0' && digits[at] <= '7'; ++at) {
    if (value > UINT64_MAX >> 3U) return std::nullopt;
    value = value << 3U | static_cast<std::uint64_t>(digits[at] - '0');
  }
  const bool only_terminators =
      std::all_of(digits.begin() + static_cast<std::ptrdiff_t>(at), digits.end(),
                  [](char c) { return c == '\0' || c == ' '; });
  return only_terminators ? std::optional(value) : std::nullopt;
}

// Octal, or GNU's base-256 (high bit of the first byte set) for big values.
std::optional<std::uint64_t> parse_number(std::string_view digits) {
  const auto first = static_cast<unsigned char>(digits.front());
  if ((first & 0x80U) == 0) return parse_octal(digits);
  if ((first & 0x40U) != 0) return std::nullopt;  // negative
  std::uint64_t value = first & 0x3FU;
  for (const char c : digits.substr(1)) {
    if (value > UINT64_MAX >> 8U) return std::nullopt;
    value = value << 8U | static_cast<unsigned char>(c);
  }
  return value;
}

// Historic tars summed signed chars; either sum is accepted.
bool checksum_matches(std::string_view header) {
  const std::optional<std::uint64_t> stored = parse_octal(field(header, kChecksum));
  if (!stored) return false;
  std::uint64_t unsigned_sum = 0;
  std::int64_t signed_sum = 0;
  for (std::size_t i = 0; i < kBlock; ++i) {
    const bool in_checksum = i >= kChecksum.offset && i < kChecksum.offset + kChecksum.length;
    const char c = in_checksum ? ' ' : header[i];
    unsigned_sum += static_cast<unsigned char>(c);
    signed_sum += static_cast<signed char>(c);
  }
  return *stored == unsigned_sum ||
         (signed_sum >= 0 && *stored == static_cast<std::uint64_t>(signed_sum));
}

bool is_posix(std::string_view header) {
  return field(header, kMagic) == kPosixMagic;
}

bool has_magic(std::string_view header) {
  return is_posix(header) || field(header, kMagic) == kGnuMagic;
}

bool all_zero(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](char c) { return c == '\0'; });
}

std::uint64_t padded(std::uint64_t size) {
  return (size + kBlock - 1) / kBlock * kBlock;
}

using PaxRecords = std::map<std::string, std::string, std::less<>>;

// Records are "<length> <key>=<value>\n", the length counting the whole
// record. Returns what is wrong, or nothing.
std::optional<std::string> parse_pax(std::string_view data, PaxRecords& into) {
  while (!data.empty()) {
    const std::size_t space = data.find(' ');
    if (space == 0 || space == std::string_view::npos || space > 19) {
      return "a pax record has no length";
    }
    std::uint64_t length = 0;
    for (const char c : data.substr(0, space)) {
      if (c < '0' || c > '9') return "a pax record's length is not a number";
      length = length * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (length <= space + 1 || length > data.size() || data[length - 1] != '\n') {
      return "a pax record's length is wrong";
    }
    const std::string_view record = data.substr(space + 1, length - space - 2);
    const std::size_t equals = record.find('=');
    if (equals == std::string_view::npos) return "a pax record has no '='";
    into.insert_or_assign(std::string(record.substr(0, equals)),
                          std::string(record.substr(equals + 1)));
    data.remove_prefix(length);
  }
  return std::nullopt;
}

// What the headers before an entry say about it.
struct Pending {
  PaxRecords extended;  // 'x': the next entry only
  PaxRecords global;    // 'g': every later entry
  std::optional<std::string> long_name;
  bool waiting = false;  // an 'x' or 'L' header still needs its entry

  // An empty value in an 'x' record cancels the global one.
  [[nodiscard]] std::optional<std::string> value(std::string_view key) const {
    if (const auto it = extended.find(key); it != extended.end()) {
      return it->second.empty() ? std::nullopt : std::optional(it->second);
    }
    if (const auto it = global.find(key); it != global.end() && !it->second.empty()) {
      return it->second;
    }
    return std::nullopt;
  }
  void consumed() {
    extended.clear();
    long_name.reset();
    waiting = false;
  }
};

std::string entry_name(std::string_view header, const Pending& pending) {
  if (auto path = pending.value("path")) return *path;
  if (pending.long_name) return *pending.long_name;
  const std::string_view name = text_field(header, kName);
  const std::string_view prefix = is_posix(header) ? text_field(header, kPrefix) : "";
  return prefix.empty() ? std::string(name) : std::string(prefix) + "/" + std::string(name);
}

std::optional<std::uint64_t> parse_decimal(std::string_view digits) {
  if (digits.empty() || digits.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

// Why this entry type may not be unpacked, or nothing for files and folders.
std::optional<std::string> refused_type(char type, std::string_view header,
                                        const Pending& pending) {
  const auto link_target = [&] {
    return quote_name(
        pending.value("linkpath").value_or(std::string(text_field(header, kLinkName))));
  };
  switch (type) {
    case '0':
    case '\0':
    case '5': return std::nullopt;
    case '1': return "a hard link (to " + link_target() + ") is not allowed";
    case '2': return "a symbolic link (to " + link_target() + ") is not allowed";
    case '3':
    case '4': return std::string("a device is not allowed");
    case '6': return std::string("a fifo is not allowed");
    case '7': return std::string("a contiguous file (tar type '7') is not supported");
    case 'K': return std::string("a long link name (tar type 'K'): links are not allowed");
    case 'S': return std::string("a sparse file (tar type 'S') is not supported");
    case 'V': return std::string("a volume label (tar type 'V') is not supported");
    case 'M': return std::string("a multi-volume continuation (tar type 'M') is not supported");
    case 'D': return std::string("a dump directory (tar type 'D') is not supported");
    default:
      return "tar entry type " + quote_name(std::string_view(&type, 1)) + " is not supported";
  }
}

class TarReader {
 public:
  TarReader(std::string_view tar, const Limits& limits) : tar_(tar), limits_(limits) {}

  std::variant<TarArchive, UnpackError> read() {
    for (;;) {
      if (tar_.size() - at_ < kBlock) return missing_end();
      const std::string_view header = tar_.substr(at_, kBlock);
      if (all_zero(header)) return finish();
      if (auto error = read_header(header)) return std::move(*error);
    }
  }

 private:
  std::optional<UnpackError> read_header(std::string_view header) {
    if (!checksum_matches(header)) return damaged_header("has a wrong checksum");
    if (!has_magic(header)) return damaged_header("is not a ustar, GNU or pax header");
    const std::optional<std::uint64_t> header_size = parse_number(field(header, kSize));
    if (!header_size) return damaged_header("has an unreadable size");
    const char type = header[kTypeOffset];
    if (type == 'x' || type == 'g' || type == 'L') return read_metadata(header, type, *header_size);

    std::string name = entry_name(header, pending_);
    if (auto refused = refused_type(type, header, pending_)) return entry_error(name, *refused);
    std::uint64_t size = *header_size;
    if (auto pax_size = pending_.value("size")) {
      const std::optional<std::uint64_t> parsed = parse_decimal(*pax_size);
      if (!parsed)
        return entry_error(name, "its pax size " + quote_name(*pax_size) + " is not a number");
      size = *parsed;
    }
    if (auto sparse = pending_.extended.lower_bound("GNU.sparse.");
        sparse != pending_.extended.end() && sparse->first.starts_with("GNU.sparse.")) {
      return entry_error(name, "a sparse file is not supported");
    }
    const EntryKind kind = type == '5' ? EntryKind::Folder : EntryKind::File;
    if (kind == EntryKind::Folder && size != 0)
      return entry_error(name, "a folder may not have content");
    if (size > tar_.size() - at_ - kBlock) return truncated_at(name);
    if (archive_.entries.size() == limits_.max_files) {
      return UnpackError{"the archive holds more than the " + std::to_string(limits_.max_files) +
                         " files and folders allowed"};
    }
    archive_.contents.push_back(tar_.substr(at_ + kBlock, size));
    archive_.entries.push_back({std::move(name), kind, size});
    pending_.consumed();
    advance(size);
    return std::nullopt;
  }

  std::optional<UnpackError> read_metadata(std::string_view header, char type, std::uint64_t size) {
    const std::string name(text_field(header, kName));
    if (size > kMaxMetadataBytes) {
      return entry_error(name,
                         "a " + std::to_string(size) + "-byte tar metadata header is too large");
    }
    if (size > tar_.size() - at_ - kBlock) return truncated_at(name);
    const std::string_view data = tar_.substr(at_ + kBlock, size);
    if (type == 'L') {
      pending_.long_name = std::string(data.substr(0, data.find('\0')));
    } else if (auto problem = parse_pax(data, type == 'g' ? pending_.global : pending_.extended)) {
      return entry_error(name, *problem);
    }
    pending_.waiting = pending_.waiting || type != 'g';
    advance(size);
    return std::nullopt;
  }

  void advance(std::uint64_t size) {
    // size fits in what is left, so the padding cannot overflow
    at_ = std::min(tar_.size(), at_ + kBlock + static_cast<std::size_t>(padded(size)));
  }

  std::variant<TarArchive, UnpackError> finish() {
    if (pending_.waiting) {
      return UnpackError{"the tar archive ends with a pax header or long name but no entry for it"};
    }
    return std::move(archive_);
  }

  [[nodiscard]] UnpackError damaged_header(std::string_view problem) const {
    return UnpackError{"the tar header at byte " + std::to_string(at_) + " " +
                       std::string(problem) + " (the archive is damaged)"};
  }

  [[nodiscard]] UnpackError missing_end() const {
    if (archive_.entries.empty()) return UnpackError{"the tar archive is truncated"};
    return UnpackError{"the archive is truncated after entry " +
                       quote_name(archive_.entries.back().name) + " (no end-of-archive marker)"};
  }

  static UnpackError truncated_at(std::string_view name) {
    return UnpackError{"the archive is truncated at entry " + quote_name(name)};
  }

  std::string_view tar_;
  const Limits& limits_;
  std::size_t at_ = 0;
  Pending pending_;
  TarArchive archive_;
};

}  // namespace

bool looks_like_tar(std::string_view bytes) {
  return bytes.size() >= kBlock && has_magic(bytes.substr(0, kBlock));
}

std::variant<TarArchive, UnpackError> read_tar(std::string_view archive, const Limits& limits) {
  return TarReader(archive, limits).read();
}

}  // namespace upload::detail
