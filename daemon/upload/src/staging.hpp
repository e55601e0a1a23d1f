// Writing into the staging folder through file descriptors: every folder is
// opened with O_NOFOLLOW from its parent's descriptor and every file is
// created with O_EXCL, so nothing is written through a link.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <variant>

#include "upload/archive.hpp"

namespace upload::detail {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_ = -1;
};

class Staging {
 public:
  // Refuses a dest that is missing, a link, or not empty: O_EXCL then
  // guarantees that every file in it afterwards is ours.
  static std::variant<Staging, UnpackError> open(const std::filesystem::path& dest);

  // Creates the folders along `components` that do not exist yet.
  std::optional<UnpackError> make_folders(std::span<const std::string> components,
                                          std::string_view entry_name);
  // Creates a new, empty file (its folders must exist), opened for writing.
  std::variant<UniqueFd, UnpackError> create_file(std::span<const std::string> components,
                                                  std::string_view entry_name);
  // Removes everything written so far, leaving dest empty. Works through
  // dest's descriptor, so it cannot be redirected by replacing dest.
  void empty_out() const;

 private:
  explicit Staging(UniqueFd root) : root_(std::move(root)) {}
  std::variant<UniqueFd, UnpackError> open_folder(std::span<const std::string> components,
                                                  std::string_view entry_name);

  UniqueFd root_;
  std::unordered_set<std::string> made_;  // folders created so far, relative to dest
};

// Writes everything or reports errno's reason.
std::optional<std::string> write_all(int fd, std::string_view bytes);

}  // namespace upload::detail
