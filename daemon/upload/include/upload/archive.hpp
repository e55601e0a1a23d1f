// Unpacking an author's uploaded problem package (or MCQ set) into a staging
// folder, refusing anything that could escape the folder, replace what is
// there, or exhaust the disk. Validating what was unpacked is not done here.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace upload {

struct Limits {
  std::size_t max_files = 2000;             // files and folders together
  std::size_t max_file_bytes = 32 << 20;    // one unpacked file
  std::size_t max_total_bytes = 128 << 20;  // everything unpacked (zip bombs stop here)
  std::size_t max_path_length = 200;        // bytes, after the root folder is stripped
  std::size_t max_depth = 8;                // path components, "a/b.in" is 2
};

// Precise: names the entry and what is wrong with it. The name is quoted with
// unprintable bytes escaped, so the message is safe to show and log.
struct UnpackError {
  std::string message;
};

enum class Format { Zip, Tar, TarGzip, Unknown };

// By magic bytes, never by file name. TarGzip means any gzip stream: whether
// it holds a tar is only known once it is inflated.
Format detect_format(std::string_view bytes);

struct Unpacked {
  std::size_t files = 0;  // regular files written
  std::size_t bytes = 0;  // their total size
  std::string root;       // the stripped top-level folder, or empty
};

// Unpacks a zip (stored or deflate), tar (ustar, GNU, pax) or tar.gz into
// `dest`, an existing empty folder. Only regular files and folders are
// written: files 0644, folders 0755, each created without following links.
// Refused, with the entry named: absolute paths, "..", empty components,
// backslashes, NUL, names that are not printable UTF-8, symlinks, hard
// links, devices, fifos, duplicate names, a name used as both file and
// folder, encryption, ZIP64, and anything over the limits (sizes are checked
// while inflating, never taken on trust). Leading "./" components are
// dropped, and macOS's top-level "__MACOSX/" resource forks are skipped. If
// every entry sits under one top-level folder, that folder is stripped and
// named in `root`. On error dest is left empty (the caller removes it).
std::variant<Unpacked, UnpackError> unpack(std::string_view archive,
                                           const std::filesystem::path& dest,
                                           const Limits& limits = {});

// The same rules for uploads sent as separate files (path -> content); the
// folders are implied by the paths.
std::variant<Unpacked, UnpackError> write_files(
    const std::vector<std::pair<std::string, std::string>>& files,
    const std::filesystem::path& dest, const Limits& limits = {});

}  // namespace upload
