// A plain zip writer for exported packages: deflate (or stored when deflate
// does not help), UTF-8 names, Unix permissions, and a fixed date so that
// the same problem always exports to the same bytes.
#include <zlib.h>

#include <cstdint>
#include <limits>
#include <stdexcept>

#include "interchange/kattis.hpp"

namespace interchange {
namespace {

constexpr std::uint16_t kVersion = 20;           // 2.0: deflate and folders
constexpr std::uint16_t kMadeOnUnix = 3U << 8U;  // so external attributes are Unix modes
constexpr std::uint16_t kUtf8Names = 1U << 11U;  // general purpose flag 11
constexpr std::uint16_t kDosDate = (0U << 9U) | (1U << 5U) | 1U;  // 1980-01-01
constexpr std::uint32_t kRegularFile0644 = 0100644U << 16U;

void put16(std::string& out, std::uint32_t value) {
  out += static_cast<char>(value & 0xFFU);
  out += static_cast<char>((value >> 8U) & 0xFFU);
}

void put32(std::string& out, std::uint32_t value) {
  put16(out, value & 0xFFFFU);
  put16(out, value >> 16U);
}

std::uint32_t narrow32(std::size_t value, const std::string& what) {
  if (value >= std::numeric_limits<std::uint32_t>::max()) {
    throw std::runtime_error(what + " is too large for a zip without ZIP64");
  }
  return static_cast<std::uint32_t>(value);
}

// Raw deflate (no zlib header), as zip stores it.
std::string deflate_raw(const std::string& data) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    throw std::runtime_error("zlib failed to start deflate");
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<const Bytef*>(data.data());
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) throw std::runtime_error("zlib failed to deflate");
  return out;
}

struct Member {
  std::string name;
  std::uint16_t method = 0;
  std::uint32_t crc = 0, packed = 0, size = 0, offset = 0;
};

// The fields the local header and the central directory share.
void put_common(std::string& out, const Member& member) {
  put16(out, kVersion);
  put16(out, kUtf8Names);
  put16(out, member.method);
  put16(out, 0);  // time 00:00:00
  put16(out, kDosDate);
  put32(out, member.crc);
  put32(out, member.packed);
  put32(out, member.size);
  put16(out, static_cast<std::uint32_t>(member.name.size()));
  put16(out, 0);  // no extra field
}

Member add_local(std::string& out, const std::string& name, const std::string& content) {
  if (name.size() > 0xFFFFU) throw std::runtime_error("a file name too long for a zip: " + name);
  Member member;
  member.name = name;
  member.offset = narrow32(out.size(), "the archive");
  member.size = narrow32(content.size(), name);
  member.crc = static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(content.data()), static_cast<uInt>(content.size())));
  std::string packed = deflate_raw(content);
  const bool stored = packed.size() >= content.size();
  member.method = stored ? 0 : Z_DEFLATED;
  member.packed = narrow32(stored ? content.size() : packed.size(), name);
  put32(out, 0x04034b50U);
  put_common(out, member);
  out += name;
  out += stored ? content : packed;
  return member;
}

void add_central(std::string& out, const Member& member) {
  put32(out, 0x02014b50U);
  put16(out, kMadeOnUnix | kVersion);
  put_common(out, member);
  put16(out, 0);  // no comment
  put16(out, 0);  // disk 0
  put16(out, 0);  // no internal attributes
  put32(out, kRegularFile0644);
  put32(out, member.offset);
  out += member.name;
}

}  // namespace

std::string zip_files(const Files& files, const std::string& root) {
  if (files.size() >= 0xFFFFU) throw std::runtime_error("too many files for a zip without ZIP64");
  std::string out;
  std::vector<Member> members;
  members.reserve(files.size());
  for (const auto& [name, content] : files) {
    std::string path = root;
    path.append("/").append(name);
    members.push_back(add_local(out, path, content));
  }
  const std::uint32_t directory = narrow32(out.size(), "the archive");
  for (const Member& member : members) add_central(out, member);
  const std::uint32_t directory_size = narrow32(out.size() - directory, "the archive");
  put32(out, 0x06054b50U);
  put16(out, 0);  // this disk
  put16(out, 0);  // the directory's disk
  put16(out, static_cast<std::uint32_t>(members.size()));
  put16(out, static_cast<std::uint32_t>(members.size()));
  put32(out, directory_size);
  put32(out, directory);
  put16(out, 0);  // no comment
  return out;
}

}  // namespace interchange
