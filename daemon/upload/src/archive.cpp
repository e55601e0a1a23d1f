#include "upload/archive.hpp"

#include <algorithm>
#include <limits>

#include "bytes.hpp"
#include "entry.hpp"
#include "inflate.hpp"
#include "tar.hpp"
#include "zip.hpp"

namespace upload {
namespace {

using detail::Entry;
using detail::EntryKind;
using detail::Sink;

constexpr std::string_view kZipLocalMagic{"PK\x03\x04", 4};
constexpr std::string_view kZipEmptyMagic{"PK\x05\x06", 4};
constexpr std::string_view kGzipMagic{"\x1f\x8b", 2};

std::size_t saturating_add(std::size_t a, std::size_t b) {
  return b > std::numeric_limits<std::size_t>::max() - a ? std::numeric_limits<std::size_t>::max()
                                                         : a + b;
}

// What a tar holding the most the limits allow can weigh: each entry adds a
// header, padding, and perhaps a pax header or long name; the end adds
// record padding.
std::size_t largest_tar(const Limits& limits) {
  constexpr std::size_t kOverheadPerEntry = 4096;
  constexpr std::size_t kOverheadAtEnd = 1 << 20;
  const std::size_t per_entry =
      limits.max_files > std::numeric_limits<std::size_t>::max() / kOverheadPerEntry
          ? std::numeric_limits<std::size_t>::max()
          : limits.max_files * kOverheadPerEntry;
  return saturating_add(saturating_add(limits.max_total_bytes, per_entry), kOverheadAtEnd);
}

// Gathers a gzip stream's output in memory, refusing anything past a bound.
class BoundedBuffer final : public Sink {
 public:
  explicit BoundedBuffer(std::size_t bound) : bound_(bound) {}

  std::optional<UnpackError> write(std::string_view piece) override {
    if (piece.size() > bound_ - bytes_.size()) {
      return UnpackError{"the gzip stream unpacks to more than " + std::to_string(bound_) +
                         " bytes, more than the limits allow"};
    }
    bytes_ += piece;
    return std::nullopt;
  }
  std::string& bytes() { return bytes_; }

 private:
  std::size_t bound_;
  std::string bytes_;
};

std::variant<Unpacked, UnpackError> unpack_zip(std::string_view archive,
                                               const std::filesystem::path& dest,
                                               const Limits& limits) {
  auto read = detail::read_zip(archive, limits);
  if (auto* error = std::get_if<UnpackError>(&read)) return std::move(*error);
  const detail::ZipArchive& zip = std::get<detail::ZipArchive>(read);
  const auto content = [&](std::size_t index, Sink& sink) {
    return detail::extract_zip_member(zip.members[index], zip.entries[index].name, sink);
  };
  return detail::install(zip.entries, content, dest, limits);
}

std::variant<Unpacked, UnpackError> unpack_tar(std::string_view archive,
                                               const std::filesystem::path& dest,
                                               const Limits& limits) {
  auto read = detail::read_tar(archive, limits);
  if (auto* error = std::get_if<UnpackError>(&read)) return std::move(*error);
  const detail::TarArchive& tar = std::get<detail::TarArchive>(read);
  const auto content = [&](std::size_t index, Sink& sink) {
    return detail::write_in_pieces(tar.contents[index], sink);
  };
  return detail::install(tar.entries, content, dest, limits);
}

std::variant<Unpacked, UnpackError> unpack_tar_gzip(std::string_view archive,
                                                    const std::filesystem::path& dest,
                                                    const Limits& limits) {
  const std::size_t bound = largest_tar(limits);
  BoundedBuffer tar(bound);
  // The trailer's length (modulo 4 GiB) saves regrowing the buffer, but it
  // is only a hint: deflate never expands more than 1032-fold.
  constexpr std::size_t kDeflateMaxRatio = 1032;
  if (archive.size() >= 4) {
    const std::size_t most =
        archive.size() > bound / kDeflateMaxRatio ? bound : archive.size() * kDeflateMaxRatio;
    tar.bytes().reserve(std::min<std::size_t>(detail::le32(archive, archive.size() - 4), most));
  }
  const auto damaged = [](const std::string& problem) {
    return UnpackError{"the gzip stream is damaged: " + problem};
  };
  if (auto error = detail::inflate_into(archive, detail::Wrapping::Gzip, tar, damaged)) {
    return std::move(*error);
  }
  if (!detail::looks_like_tar(tar.bytes())) {
    return UnpackError{"the gzip stream does not hold a tar archive"};
  }
  return unpack_tar(tar.bytes(), dest, limits);
}

}  // namespace

Format detect_format(std::string_view bytes) {
  if (bytes.starts_with(kZipLocalMagic) || bytes.starts_with(kZipEmptyMagic)) return Format::Zip;
  if (bytes.starts_with(kGzipMagic)) return Format::TarGzip;
  if (detail::looks_like_tar(bytes)) return Format::Tar;
  return Format::Unknown;
}

std::variant<Unpacked, UnpackError> unpack(std::string_view archive,
                                           const std::filesystem::path& dest,
                                           const Limits& limits) {
  switch (detect_format(archive)) {
    case Format::Zip: return unpack_zip(archive, dest, limits);
    case Format::Tar: return unpack_tar(archive, dest, limits);
    case Format::TarGzip: return unpack_tar_gzip(archive, dest, limits);
    case Format::Unknown: break;
  }
  return UnpackError{"not a zip, tar or gzip archive"};
}

std::variant<Unpacked, UnpackError> write_files(
    const std::vector<std::pair<std::string, std::string>>& files,
    const std::filesystem::path& dest, const Limits& limits) {
  std::vector<Entry> entries;
  entries.reserve(files.size());
  for (const auto& [path, content] : files)
    entries.push_back({path, EntryKind::File, content.size()});
  const auto content = [&](std::size_t index, Sink& sink) {
    return detail::write_in_pieces(files[index].second, sink);
  };
  return detail::install(entries, content, dest, limits);
}

}  // namespace upload
