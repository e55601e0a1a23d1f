// The layout follows PKWARE's APPNOTE.TXT, sections 4.3.7 (local header),
// 4.3.12 (central directory header) and 4.3.16 (end of central directory).
#include "zip.hpp"

#include <zlib.h>

#include <algorithm>
#include <numeric>
#include <string>

#include "bytes.hpp"
#include "inflate.hpp"
#include "names.hpp"

namespace upload::detail {
namespace {

constexpr std::uint32_t kLocalSignature = 0x04034b50;
constexpr std::uint32_t kCentralSignature = 0x02014b50;
constexpr std::uint32_t kEndSignature = 0x06054b50;
constexpr std::uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr std::size_t kLocalHeaderSize = 30;
constexpr std::size_t kCentralHeaderSize = 46;
constexpr std::size_t kEndRecordSize = 22;
constexpr std::size_t kZip64LocatorSize = 20;
constexpr std::size_t kMaxCommentLength = 0xFFFF;

constexpr std::uint16_t kFlagEncrypted = 1U << 0U;
constexpr std::uint16_t kFlagDataDescriptor = 1U << 3U;
constexpr std::uint16_t kFlagStrongEncryption = 1U << 6U;
constexpr std::uint16_t kFlagMaskedHeaders = 1U << 13U;
constexpr std::uint16_t kMethodStored = 0;
constexpr std::uint16_t kMethodDeflate = 8;

constexpr unsigned kHostUnix = 3;
constexpr std::uint32_t kDosFolderAttribute = 0x10;
constexpr std::uint32_t kUnixTypeMask = 0170000;
constexpr std::uint32_t kUnixFolder = 0040000;
constexpr std::uint32_t kUnixFile = 0100000;
constexpr std::uint32_t kUnixSymlink = 0120000;
constexpr std::uint32_t kUnixCharDevice = 0020000;
constexpr std::uint32_t kUnixBlockDevice = 0060000;
constexpr std::uint32_t kUnixFifo = 0010000;
constexpr std::uint32_t kUnixSocket = 0140000;

UnpackError zip64_refused() {
  return {"ZIP64 archives are not supported (no package needs more than 65535 entries or 4 GiB)"};
}

struct EndRecord {
  std::size_t offset = 0;
  std::uint16_t disk = 0;
  std::uint16_t directory_disk = 0;
  std::uint16_t entries_on_disk = 0;
  std::uint16_t entries = 0;
  std::uint32_t directory_size = 0;
  std::uint32_t directory_offset = 0;
};

struct CentralRecord {
  std::string_view name;
  std::uint16_t made_by = 0;
  std::uint16_t flags = 0;
  std::uint16_t method = 0;
  std::uint32_t crc = 0;
  std::uint32_t compressed_size = 0;
  std::uint32_t size = 0;
  std::uint16_t start_disk = 0;
  std::uint32_t external_attributes = 0;
  std::uint32_t local_offset = 0;
};

// The record must end exactly where the archive ends (after its comment):
// a comment may itself contain the signature.
std::optional<EndRecord> find_end_record(std::string_view zip) {
  if (zip.size() < kEndRecordSize) return std::nullopt;
  const std::size_t last = zip.size() - kEndRecordSize;
  const std::size_t first = last > kMaxCommentLength ? last - kMaxCommentLength : 0;
  for (std::size_t at = last + 1; at-- > first;) {
    if (le32(zip, at) != kEndSignature) continue;
    if (at + kEndRecordSize + le16(zip, at + 20) != zip.size()) continue;
    return EndRecord{at,
                     le16(zip, at + 4),
                     le16(zip, at + 6),
                     le16(zip, at + 8),
                     le16(zip, at + 10),
                     le32(zip, at + 12),
                     le32(zip, at + 16)};
  }
  return std::nullopt;
}

bool is_zip64(std::string_view zip, const EndRecord& end) {
  const bool locator = end.offset >= kZip64LocatorSize &&
                       le32(zip, end.offset - kZip64LocatorSize) == kZip64LocatorSignature;
  return locator || end.entries == 0xFFFF || end.directory_size == 0xFFFFFFFF ||
         end.directory_offset == 0xFFFFFFFF;
}

std::optional<UnpackError> check_end_record(std::string_view zip, const EndRecord& end,
                                            const Limits& limits) {
  if (is_zip64(zip, end)) return zip64_refused();
  if (end.disk != 0 || end.directory_disk != 0 || end.entries_on_disk != end.entries) {
    return UnpackError{"multi-volume zip archives are not supported"};
  }
  if (end.entries > limits.max_files) {
    return UnpackError{"the archive lists " + std::to_string(end.entries) +
                       " entries, more than the " + std::to_string(limits.max_files) +
                       " files and folders allowed"};
  }
  if (end.directory_offset > end.offset || end.directory_size > end.offset - end.directory_offset) {
    return UnpackError{"the zip archive is damaged: its central directory lies outside it"};
  }
  return std::nullopt;
}

// Reads the record at `at` within the directory and advances past it.
std::variant<CentralRecord, UnpackError> read_central_record(std::string_view directory,
                                                             std::size_t& at) {
  const UnpackError damaged{"the zip archive's central directory is damaged"};
  if (directory.size() - at < kCentralHeaderSize || le32(directory, at) != kCentralSignature) {
    return damaged;
  }
  const std::size_t name_length = le16(directory, at + 28);
  const std::size_t extra_length = le16(directory, at + 30);
  const std::size_t comment_length = le16(directory, at + 32);
  const std::size_t record_size = kCentralHeaderSize + name_length + extra_length + comment_length;
  if (directory.size() - at < record_size) return damaged;
  CentralRecord record;
  record.name = directory.substr(at + kCentralHeaderSize, name_length);
  record.made_by = le16(directory, at + 4);
  record.flags = le16(directory, at + 8);
  record.method = le16(directory, at + 10);
  record.crc = le32(directory, at + 16);
  record.compressed_size = le32(directory, at + 20);
  record.size = le32(directory, at + 24);
  record.start_disk = le16(directory, at + 34);
  record.external_attributes = le32(directory, at + 38);
  record.local_offset = le32(directory, at + 42);
  at += record_size;
  return record;
}

// Only regular files and folders; the Unix mode, when the archive has one,
// tells links and devices apart.
std::variant<EntryKind, std::string> entry_kind(const CentralRecord& record) {
  bool folder = !record.name.empty() && record.name.back() == '/';
  if (record.made_by >> 8U == kHostUnix) {
    switch ((record.external_attributes >> 16U) & kUnixTypeMask) {
      case 0:
      case kUnixFile: break;
      case kUnixFolder: folder = true; break;
      case kUnixSymlink: return std::string("a symbolic link is not allowed");
      case kUnixCharDevice:
      case kUnixBlockDevice: return std::string("a device is not allowed");
      case kUnixFifo: return std::string("a fifo is not allowed");
      case kUnixSocket: return std::string("a socket is not allowed");
      default: return std::string("an unknown file type is not allowed");
    }
  } else if ((record.external_attributes & kDosFolderAttribute) != 0) {
    folder = true;
  }
  return folder ? EntryKind::Folder : EntryKind::File;
}

std::variant<Entry, UnpackError> check_central_record(const CentralRecord& record) {
  const auto refuse = [&](std::string_view problem) { return entry_error(record.name, problem); };
  const std::uint16_t encrypted = kFlagEncrypted | kFlagStrongEncryption | kFlagMaskedHeaders;
  if ((record.flags & encrypted) != 0) return refuse("encrypted entries are not supported");
  if (record.compressed_size == 0xFFFFFFFF || record.size == 0xFFFFFFFF ||
      record.local_offset == 0xFFFFFFFF || record.start_disk == 0xFFFF) {
    return zip64_refused();
  }
  if (record.start_disk != 0) return refuse("multi-volume zip archives are not supported");
  if (record.method != kMethodStored && record.method != kMethodDeflate) {
    return refuse("compression method " + std::to_string(record.method) +
                  " is not supported (only stored and deflate)");
  }
  if (record.method == kMethodStored && record.compressed_size != record.size) {
    return refuse("stored uncompressed, yet its compressed size differs from its size");
  }
  auto kind = entry_kind(record);
  if (auto* problem = std::get_if<std::string>(&kind)) return refuse(*problem);
  if (std::get<EntryKind>(kind) == EntryKind::Folder && record.size != 0) {
    return refuse("a folder may not have content");
  }
  return Entry{std::string(record.name), std::get<EntryKind>(kind), record.size};
}

// The member's compressed bytes, once its local header agrees with the
// central directory. Data ends before the directory starts.
std::variant<std::string_view, UnpackError> locate_data(std::string_view zip,
                                                        std::size_t directory_offset,
                                                        const CentralRecord& record) {
  const auto refuse = [&](std::string_view problem) { return entry_error(record.name, problem); };
  const std::size_t at = record.local_offset;
  if (at > directory_offset || directory_offset - at < kLocalHeaderSize ||
      le32(zip, at) != kLocalSignature) {
    return refuse("its local header is missing");
  }
  const std::uint16_t flags = le16(zip, at + 6);
  const std::size_t name_length = le16(zip, at + 26);
  const std::size_t extra_length = le16(zip, at + 28);
  const std::size_t data_start = at + kLocalHeaderSize + name_length + extra_length;
  if (data_start > directory_offset)
    return refuse("its local header runs into the central directory");
  const std::string_view local_name = zip.substr(at + kLocalHeaderSize, name_length);
  if (local_name != record.name) {
    return refuse("its local header names it " + quote_name(local_name));
  }
  if (le16(zip, at + 8) != record.method || ((flags ^ record.flags) & kFlagEncrypted) != 0) {
    return refuse("its local header disagrees with the central directory");
  }
  // With a data descriptor the local header's sizes are zero; the central
  // directory's are the ones to hold the data to.
  if (((flags | record.flags) & kFlagDataDescriptor) == 0 &&
      (le32(zip, at + 14) != record.crc || le32(zip, at + 18) != record.compressed_size ||
       le32(zip, at + 22) != record.size)) {
    return refuse("its local header gives another size or CRC-32 than the central directory");
  }
  if (record.compressed_size > directory_offset - data_start) {
    return refuse("its data runs into the central directory (the archive is damaged)");
  }
  return zip.substr(data_start, record.compressed_size);
}

// Members may not share bytes: overlapping members are how a small zip
// unpacks to far more than its size (and how two names hide one content).
std::optional<UnpackError> check_overlaps(std::string_view zip,
                                          const std::vector<CentralRecord>& records,
                                          const std::vector<ZipMember>& members) {
  std::vector<std::size_t> order(records.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return records[a].local_offset < records[b].local_offset;
  });
  for (std::size_t i = 1; i < order.size(); ++i) {
    const ZipMember& previous = members[order[i - 1]];
    const std::size_t previous_end =
        static_cast<std::size_t>(previous.compressed.data() - zip.data()) +
        previous.compressed.size();
    if (records[order[i]].local_offset < previous_end) {
      return UnpackError{"entries " + quote_name(records[order[i - 1]].name) + " and " +
                         quote_name(records[order[i]].name) + " overlap in the archive"};
    }
  }
  return std::nullopt;
}

// Passes output on while holding it to the declared size and summing its CRC.
class DeclaredSizeSink final : public Sink {
 public:
  DeclaredSizeSink(const ZipMember& member, std::string_view name, Sink& next)
      : member_(member), name_(name), next_(next) {}

  std::optional<UnpackError> write(std::string_view piece) override {
    if (piece.size() > member_.size - produced_) {
      return entry_error(
          name_, "unpacks to more than its declared " + std::to_string(member_.size) + " bytes");
    }
    if (auto refused = next_.write(piece)) return refused;
    produced_ += piece.size();
    crc_ =
        crc32(crc_, reinterpret_cast<const Bytef*>(piece.data()), static_cast<uInt>(piece.size()));
    return std::nullopt;
  }
  [[nodiscard]] std::uint64_t produced() const { return produced_; }
  [[nodiscard]] std::uint32_t crc() const { return static_cast<std::uint32_t>(crc_); }

 private:
  const ZipMember& member_;
  std::string_view name_;
  Sink& next_;
  std::uint64_t produced_ = 0;
  uLong crc_ = crc32(0, nullptr, 0);
};

}  // namespace

std::variant<ZipArchive, UnpackError> read_zip(std::string_view zip, const Limits& limits) {
  const std::optional<EndRecord> end = find_end_record(zip);
  if (!end) {
    return UnpackError{
        "the zip archive is truncated or damaged: its end-of-central-directory "
        "record is missing"};
  }
  if (auto error = check_end_record(zip, *end, limits)) return *error;
  const std::string_view directory = zip.substr(end->directory_offset, end->directory_size);

  std::vector<CentralRecord> records;
  ZipArchive archive;
  std::size_t at = 0;
  for (std::size_t i = 0; i < end->entries; ++i) {
    auto record = read_central_record(directory, at);
    if (auto* error = std::get_if<UnpackError>(&record)) return std::move(*error);
    auto entry = check_central_record(std::get<CentralRecord>(record));
    if (auto* error = std::get_if<UnpackError>(&entry)) return std::move(*error);
    records.push_back(std::get<CentralRecord>(record));
    archive.entries.push_back(std::move(std::get<Entry>(entry)));
  }
  if (at != directory.size()) {
    return UnpackError{
        "the zip archive's central directory is damaged: it holds more than the "
        "entries it lists"};
  }
  for (const CentralRecord& record : records) {
    auto data = locate_data(zip, end->directory_offset, record);
    if (auto* error = std::get_if<UnpackError>(&data)) return std::move(*error);
    archive.members.push_back(
        {record.method, record.crc, record.size, std::get<std::string_view>(data)});
  }
  if (auto error = check_overlaps(zip, records, archive.members)) return *error;
  return archive;
}

std::optional<UnpackError> extract_zip_member(const ZipMember& member, std::string_view name,
                                              Sink& sink) {
  DeclaredSizeSink checked(member, name, sink);
  if (member.method == kMethodStored) {
    if (auto error = write_in_pieces(member.compressed, checked)) return error;
  } else {
    const auto damaged = [&](const std::string& problem) {
      return entry_error(name, "the compressed data is damaged: " + problem);
    };
    if (auto error = inflate_into(member.compressed, Wrapping::Raw, checked, damaged)) return error;
  }
  if (checked.produced() != member.size) {
    return entry_error(name, "unpacks to " + std::to_string(checked.produced()) +
                                 " bytes, fewer than its declared " + std::to_string(member.size));
  }
  if (checked.crc() != member.crc) {
    return entry_error(name, "CRC-32 mismatch (the archive is damaged)");
  }
  return std::nullopt;
}

}  // namespace upload::detail
