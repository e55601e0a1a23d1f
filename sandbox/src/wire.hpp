// The byte format between the sandbox's processes (the pool and its
// workers, a supervisor and its warm templates): little-endian u64s and
// length-prefixed byte strings; a message is a u64 length, then its bytes.
// Descriptors travel beside a message's first bytes (SCM_RIGHTS).
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "fd_io.hpp"
#include "pysandbox/sandbox.hpp"

namespace pysandbox {

class Writer {
 public:
  void u64(std::uint64_t value) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
  }
  void bytes(const std::string& text) {
    u64(text.size());
    out_ += text;
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {}
  std::uint64_t u64() {
    need(8);
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) {
      value |= static_cast<std::uint64_t>(static_cast<unsigned char>(in_[at_ + i])) << (8 * i);
    }
    at_ += 8;
    return value;
  }
  std::string bytes() {
    const std::uint64_t size = u64();
    need(size);
    std::string text = in_.substr(at_, size);
    at_ += size;
    return text;
  }
  // A count of items that must each take at least `min_bytes`: a lying
  // count fails here instead of reserving memory for it.
  std::uint64_t count(std::uint64_t min_bytes) {
    const std::uint64_t n = u64();
    if (min_bytes > 0 && n > (in_.size() - at_) / min_bytes) {
      throw std::runtime_error("wire: truncated message");
    }
    return n;
  }

 private:
  void need(std::uint64_t size) const {
    if (size > in_.size() - at_) throw std::runtime_error("wire: truncated message");
  }
  const std::string& in_;
  std::size_t at_ = 0;
};

// What a run's request and a warm plan both carry: the program's files and
// the limits.
inline void write_box_files(Writer& out, const std::vector<BoxFile>& files) {
  out.u64(files.size());
  for (const BoxFile& file : files) {
    out.bytes(file.name);
    out.bytes(file.content);
  }
}

inline std::vector<BoxFile> read_box_files(Reader& in) {
  std::vector<BoxFile> files;
  for (std::uint64_t n = in.count(16); n > 0; --n) {
    BoxFile file;
    file.name = in.bytes();
    file.content = in.bytes();
    files.push_back(std::move(file));
  }
  return files;
}

inline void write_limits(Writer& out, const Limits& l) {
  for (const std::uint64_t value :
       {l.cpu_ms, l.wall_ms, l.memory_mb, l.output_kb, l.scratch_kb, std::uint64_t{l.max_tasks}}) {
    out.u64(value);
  }
}

inline Limits read_limits(Reader& in) {
  Limits l;
  l.cpu_ms = in.u64();
  l.wall_ms = in.u64();
  l.memory_mb = in.u64();
  l.output_kb = in.u64();
  l.scratch_kb = in.u64();
  l.max_tasks = static_cast<std::uint32_t>(in.u64());
  return l;
}

inline constexpr std::uint64_t kMaxMessage = std::uint64_t{1} << 32;

// A message, with `fds` (at most 16) passed beside its length.
inline bool send_message(int fd, const std::string& body, const std::vector<int>& fds = {}) {
  Writer header;
  header.u64(body.size());
  std::string size = header.take();
  if (!fds.empty()) {
    constexpr std::size_t kMaxFds = 16;
    if (fds.size() > kMaxFds) return false;
    iovec io{size.data(), size.size()};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFds)] = {};
    msghdr message{};
    message.msg_iov = &io;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = CMSG_SPACE(sizeof(int) * fds.size());
    cmsghdr* header_cmsg = CMSG_FIRSTHDR(&message);
    header_cmsg->cmsg_level = SOL_SOCKET;
    header_cmsg->cmsg_type = SCM_RIGHTS;
    header_cmsg->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
    std::memcpy(CMSG_DATA(header_cmsg), fds.data(), sizeof(int) * fds.size());
    ssize_t sent = 0;
    do {
      sent = ::sendmsg(fd, &message, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    if (sent != static_cast<ssize_t>(size.size())) return false;  // 8 bytes: never split
  } else if (!write_all(fd, size.data(), size.size())) {
    return false;
  }
  return write_all(fd, body.data(), body.size());
}

// A message and the descriptors that came with it (close-on-exec).
inline bool receive_message(int fd, std::string& body, std::vector<int>* fds = nullptr) {
  char size_bytes[8];
  iovec io{size_bytes, sizeof size_bytes};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 16)] = {};
  msghdr message{};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  ssize_t got = 0;
  do {
    got = ::recvmsg(fd, &message, MSG_CMSG_CLOEXEC | MSG_WAITALL);
  } while (got < 0 && errno == EINTR);
  for (cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr; c = CMSG_NXTHDR(&message, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    const std::size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (std::size_t i = 0; i < n; ++i) {
      int received = -1;
      std::memcpy(&received, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
      if (fds != nullptr) {
        fds->push_back(received);
      } else {
        ::close(received);  // nobody asked for descriptors: never leak one
      }
    }
  }
  if (got != static_cast<ssize_t>(sizeof size_bytes)) return false;
  const std::string size_text(size_bytes, sizeof size_bytes);
  Reader reader(size_text);
  const std::uint64_t size = reader.u64();
  if (size > kMaxMessage) return false;
  body.resize(size);
  return read_all(fd, body.data(), size);
}

}  // namespace pysandbox
