#include "staging.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <vector>

#include "names.hpp"

namespace upload::detail {
namespace fs = std::filesystem;

namespace {

constexpr mode_t kFileMode = 0644;
constexpr mode_t kFolderMode = 0755;

std::string errno_text() {
  return std::generic_category().message(errno);
}

UnpackError system_error(std::string_view entry_name, std::string_view action,
                         std::string_view path) {
  return entry_error(entry_name, std::string(action) + " '" + std::string(path) +
                                     "' in the staging folder: " + errno_text());
}

// The names in the folder open as `folder`, read through a duplicate of its
// descriptor so the path is never looked up again.
std::optional<std::vector<std::string>> list_folder(int folder) {
  const int listing = ::fcntl(folder, F_DUPFD_CLOEXEC, 0);
  if (listing < 0) return std::nullopt;
  DIR* stream = ::fdopendir(listing);
  if (stream == nullptr) {
    ::close(listing);
    return std::nullopt;
  }
  // A duplicate shares the read position with the original: start over.
  ::rewinddir(stream);
  std::vector<std::string> names;
  while (const dirent* item = ::readdir(stream)) {
    const std::string_view name = item->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  ::closedir(stream);
  return names;
}

// Removes everything inside `folder` without following any link: a link is
// unlinked, a folder is entered only through O_NOFOLLOW.
void remove_contents(int folder) {
  for (const std::string& name : list_folder(folder).value_or(std::vector<std::string>{})) {
    if (::unlinkat(folder, name.c_str(), 0) == 0) continue;
    const UniqueFd child(
        ::openat(folder, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (child.get() < 0) continue;
    remove_contents(child.get());
    ::unlinkat(folder, name.c_str(), AT_REMOVEDIR);
  }
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

std::variant<Staging, UnpackError> Staging::open(const fs::path& dest) {
  UniqueFd root(::open(dest.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (root.get() < 0) {
    return UnpackError{"cannot open the staging folder '" + dest.string() + "': " + errno_text()};
  }
  const std::optional<std::vector<std::string>> names = list_folder(root.get());
  if (!names) {
    return UnpackError{"cannot list the staging folder '" + dest.string() + "': " + errno_text()};
  }
  if (!names->empty()) {
    return UnpackError{"the staging folder '" + dest.string() + "' is not empty"};
  }
  return Staging(std::move(root));
}

std::variant<UniqueFd, UnpackError> Staging::open_folder(std::span<const std::string> components,
                                                         std::string_view entry_name) {
  UniqueFd current(::fcntl(root_.get(), F_DUPFD_CLOEXEC, 0));
  if (current.get() < 0) return system_error(entry_name, "cannot open", ".");
  std::string relative;
  for (const std::string& component : components) {
    if (!relative.empty()) relative += '/';
    relative += component;
    const bool is_new = !made_.contains(relative);
    if (is_new && ::mkdirat(current.get(), component.c_str(), kFolderMode) != 0) {
      return system_error(entry_name, "cannot create", relative);
    }
    made_.insert(relative);
    UniqueFd next(::openat(current.get(), component.c_str(),
                           O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (next.get() < 0) return system_error(entry_name, "cannot open", relative);
    // The umask must not decide what the sandbox can read later.
    if (is_new && ::fchmod(next.get(), kFolderMode) != 0) {
      return system_error(entry_name, "cannot set the mode of", relative);
    }
    current = std::move(next);
  }
  return current;
}

std::optional<UnpackError> Staging::make_folders(std::span<const std::string> components,
                                                 std::string_view entry_name) {
  auto folder = open_folder(components, entry_name);
  if (auto* error = std::get_if<UnpackError>(&folder)) return std::move(*error);
  return std::nullopt;
}

std::variant<UniqueFd, UnpackError> Staging::create_file(std::span<const std::string> components,
                                                         std::string_view entry_name) {
  auto parent = open_folder(components.first(components.size() - 1), entry_name);
  if (auto* error = std::get_if<UnpackError>(&parent)) return std::move(*error);
  const int parent_fd = std::get<UniqueFd>(parent).get();
  UniqueFd file(::openat(parent_fd, components.back().c_str(),
                         O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kFileMode));
  if (file.get() < 0) return system_error(entry_name, "cannot create", join(components));
  if (::fchmod(file.get(), kFileMode) != 0) {
    return system_error(entry_name, "cannot set the mode of", join(components));
  }
  return file;
}

void Staging::empty_out() const {
  remove_contents(root_.get());
}

std::optional<std::string> write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno_text();
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return std::nullopt;
}

}  // namespace upload::detail
