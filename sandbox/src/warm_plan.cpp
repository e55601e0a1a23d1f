#include "warm_plan.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "wire.hpp"

namespace pysandbox {

namespace {

void check_program_path(const std::string& path) {
  if (path.rfind("/box/", 0) != 0) {
    throw std::runtime_error("warm plan: the program must be under /box");
  }
}

// Reads the box files' names and sizes; returns the sizes' total.
std::uint64_t read_box_files(Reader& in, std::vector<BoxFile>& files,
                             std::vector<std::uint64_t>& sizes) {
  std::uint64_t total = 0;
  for (std::uint64_t n = in.count(16); n > 0; --n) {
    BoxFile file;
    file.name = in.bytes();
    const std::uint64_t size = in.u64();
    if (size > kMaxMessage) throw std::runtime_error("warm plan: bad box file size");
    total += size;
    files.push_back(std::move(file));
    sizes.push_back(size);
  }
  return total;
}

void check_memfd_size(int memfd, std::uint64_t total) {
  struct stat info {};
  if (::fstat(memfd, &info) != 0 || static_cast<std::uint64_t>(info.st_size) != total) {
    throw std::runtime_error("warm plan: the box files' sizes do not match their bytes");
  }
}

void write_box_names(Writer& out, const std::vector<BoxFile>& files) {
  out.u64(files.size());
  for (const BoxFile& file : files) {
    out.bytes(file.name);
    out.u64(file.content.size());
  }
}

}  // namespace

std::string encode_warm_plan(const ChildPlan& plan, const std::string& program_path,
                             bool with_cgroup_directory) {
  Writer out;
  out.bytes(program_path);
  out.bytes(plan.staging_dir);
  out.bytes(plan.root_options);
  out.bytes(plan.scratch_options);
  out.u64(plan.mounts.size());
  for (const MountStep& step : plan.mounts) {
    out.u64(static_cast<std::uint64_t>(step.kind));
    out.bytes(step.source);
    out.bytes(step.target);
    out.u64(step.is_directory ? 1 : 0);
  }
  out.u64(plan.directories.size());
  for (const std::string& directory : plan.directories) out.bytes(directory);
  const std::vector<BoxFile> none;
  write_box_names(out, plan.box_files != nullptr ? *plan.box_files : none);
  out.u64(plan.scratch.size());
  for (const ScratchMount& mount : plan.scratch) {
    out.bytes(mount.name);
    out.bytes(mount.host_path);
  }
  write_limits(out, plan.limits);
  const std::size_t filter_bytes = plan.seccomp->len * sizeof(sock_filter);
  out.bytes(std::string(reinterpret_cast<const char*>(plan.seccomp->filter), filter_bytes));
  out.u64(plan.cgroup_tasks.size());
  out.u64(with_cgroup_directory ? 1 : 0);
  out.u64(plan.standby ? 1 : 0);
  return out.take();
}

std::string encode_standby_order(const std::string& program_path, const std::vector<BoxFile>& files,
                                 const Limits& limits) {
  Writer out;
  out.bytes(program_path);
  write_box_names(out, files);
  write_limits(out, limits);
  return out.take();
}

StandbyOrder decode_standby_order(const std::string& bytes, int box_bytes) {
  Reader in(bytes);
  StandbyOrder order;
  order.program_path = in.bytes();
  check_program_path(order.program_path);
  check_memfd_size(box_bytes, read_box_files(in, order.box_files, order.box_sizes));
  order.limits = read_limits(in);
  return order;
}

UniqueFd box_bytes_memfd(const std::vector<BoxFile>& files) {
  UniqueFd memfd(::memfd_create("pysandbox-box", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!memfd.valid())
    throw std::runtime_error(std::string("memfd_create: ") + std::strerror(errno));
  for (const BoxFile& file : files) {
    if (!write_all(memfd.get(), file.content.data(), file.content.size())) {
      throw std::runtime_error(std::string("writing the box files: ") + std::strerror(errno));
    }
  }
  constexpr int kSeals = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;
  if (::fcntl(memfd.get(), F_ADD_SEALS, kSeals) != 0) {
    throw std::runtime_error(std::string("sealing the box files: ") + std::strerror(errno));
  }
  return memfd;
}

std::vector<int> warm_plan_fds(const ChildPlan& plan, int cgroup_directory) {
  std::vector<int> fds = {plan.sync_read, plan.status_write, plan.error_write, plan.listener_send,
                          plan.stdin_fd,  plan.stdout_fd,    plan.stderr_fd,   plan.box_bytes_fd};
  fds.insert(fds.end(), plan.cgroup_tasks.begin(), plan.cgroup_tasks.end());
  if (cgroup_directory >= 0) fds.push_back(cgroup_directory);
  return fds;
}

void decode_warm_plan(const std::string& bytes, const std::vector<int>& fds, ChildPlan& plan,
                      WarmStorage& storage) {
  Reader in(bytes);
  storage.program_path = in.bytes();
  check_program_path(storage.program_path);
  plan.staging_dir = in.bytes();
  plan.root_options = in.bytes();
  plan.scratch_options = in.bytes();
  for (std::uint64_t n = in.count(24); n > 0; --n) {
    const auto kind = in.u64();
    if (kind > static_cast<std::uint64_t>(MountStep::Kind::Symlink)) {
      throw std::runtime_error("warm plan: bad mount kind");
    }
    MountStep step{static_cast<MountStep::Kind>(kind), in.bytes(), in.bytes(), false};
    step.is_directory = in.u64() != 0;
    plan.mounts.push_back(std::move(step));
  }
  for (std::uint64_t n = in.count(8); n > 0; --n) plan.directories.push_back(in.bytes());
  const std::uint64_t total = read_box_files(in, storage.box_files, plan.box_sizes);
  plan.box_files = &storage.box_files;
  for (std::uint64_t n = in.count(16); n > 0; --n) {
    ScratchMount mount;
    mount.name = in.bytes();
    mount.host_path = in.bytes();
    plan.scratch.push_back(std::move(mount));
  }
  plan.limits = read_limits(in);
  const std::string filter = in.bytes();
  if (filter.empty() || filter.size() % sizeof(sock_filter) != 0 ||
      filter.size() / sizeof(sock_filter) > 4096) {
    throw std::runtime_error("warm plan: bad seccomp program");
  }
  storage.filter.resize(filter.size() / sizeof(sock_filter));
  std::memcpy(storage.filter.data(), filter.data(), filter.size());
  storage.program.len = static_cast<unsigned short>(storage.filter.size());
  storage.program.filter = storage.filter.data();
  plan.seccomp = &storage.program;
  const std::uint64_t tasks = in.u64();
  const std::uint64_t directory = in.u64() != 0 ? 1 : 0;
  plan.standby = in.u64() != 0;
  if (tasks > 8 || fds.size() != kFirstCgroupTask + tasks + directory) {
    throw std::runtime_error("warm plan: wrong number of descriptors");
  }
  if (directory != 0) storage.cgroup_directory = fds.back();
  plan.sync_read = fds[kSyncRead];
  plan.status_write = fds[kStatusWrite];
  plan.error_write = fds[kErrorWrite];
  plan.listener_send = fds[kListenerSend];
  plan.stdin_fd = fds[kStdin];
  plan.stdout_fd = fds[kStdout];
  plan.stderr_fd = fds[kStderr];
  plan.box_bytes_fd = fds[kBoxBytes];
  check_memfd_size(plan.box_bytes_fd, total);
  plan.cgroup_tasks.assign(fds.begin() + kFirstCgroupTask,
                           fds.begin() + static_cast<std::ptrdiff_t>(kFirstCgroupTask + tasks));
  plan.warm = true;
}

}  // namespace pysandbox
