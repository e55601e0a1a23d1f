#include "pool_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>

#include "pysandbox/pool.hpp"
#include "wire.hpp"

namespace pysandbox::cli {
namespace {

// What the server answers, first in every reply.
enum Reply : std::uint64_t { kResult = 0, kBusy = 1, kRefused = 2 };

constexpr std::size_t kMaxRequest = std::size_t{16} << 20;
// Clients connected at once: with each holding up to kMaxRequest bytes
// while its request arrives, this bounds the server's memory.
constexpr std::size_t kMaxClients = 64;

std::string reply(Reply kind, const std::string& payload) {
  Writer out;
  out.u64(kind);
  out.bytes(payload);
  return out.take();
}

sockaddr_un address_of(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) {
    throw std::runtime_error("socket path too long: " + path);
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  return address;
}

// A client's bytes until one whole message has come.
struct Client {
  std::string in;
  std::uint64_t generation = 0;  // tells a reused descriptor from the old client
};

class Server {
 public:
  Server(const PoolServerOptions& options, Pool& pool) : options_(options), pool_(pool) {}

  int run() {
    listen_on(options_.socket_path);
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigprocmask(SIG_BLOCK, &stop, nullptr);
    signals_ = ::signalfd(-1, &stop, SFD_CLOEXEC);
    std::cout << "pysandbox pool: " << pool_.size() << " warm workers on " << options_.socket_path
              << std::endl;
    while (!stopping_) turn();
    ::unlink(options_.socket_path.c_str());
    return 0;
  }

 private:
  void listen_on(const std::string& path) {
    listener_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    const sockaddr_un address = address_of(path);
    // A socket left by a pool that was killed: nobody answers on it.
    const int probe = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const bool alive =
        ::connect(probe, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    ::close(probe);
    if (alive) throw std::runtime_error("another pool already serves " + path);
    ::unlink(path.c_str());
    // Only the owner may connect: the mode is set before anyone can.
    const mode_t previous = ::umask(0177);
    const int bound =
        ::bind(listener_, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    ::umask(previous);
    if (bound != 0 || ::chmod(path.c_str(), 0600) != 0 || ::listen(listener_, 64) != 0) {
      throw std::runtime_error("cannot listen on " + path + ": " + std::strerror(errno));
    }
  }

  void turn() {
    std::vector<pollfd> fds = {{listener_, POLLIN, 0}, {signals_, POLLIN, 0}};
    for (const auto& [fd, client] : clients_) fds.push_back({fd, POLLIN, 0});
    pool_.poll_once(1000, &fds);
    if (fds[1].revents != 0) stopping_ = true;
    if (fds[0].revents != 0) accept_client();
    for (std::size_t i = 2; i < fds.size(); ++i) {
      if (fds[i].revents != 0) read_from(fds[i].fd);
    }
  }

  void accept_client() {
    const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) return;
    if (clients_.size() >= kMaxClients) {
      // A short reply fits the empty socket buffer: this never blocks.
      send_message(fd, reply(kBusy, "busy: " + std::to_string(kMaxClients) +
                                        " clients are connected; try again"));
      ::close(fd);
      return;
    }
    // A client that stops reading cannot hold the server up for long.
    const timeval patience{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &patience, sizeof patience);
    clients_[fd] = Client{"", ++generations_};
  }

  void drop(int fd) {
    ::close(fd);
    clients_.erase(fd);
  }

  void answer(int fd, Reply kind, const std::string& payload) {
    // Blocking for at most the send timeout.
    const int flags = ::fcntl(fd, F_GETFL);
    ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    const bool sent = send_message(fd, reply(kind, payload));
    ::fcntl(fd, F_SETFL, flags);
    if (!sent) drop(fd);
  }

  void read_from(int fd) {
    Client& client = clients_[fd];
    char buffer[65536];
    for (;;) {
      const ssize_t got = ::read(fd, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0 && errno == EAGAIN) break;
      if (got <= 0) {
        drop(fd);
        return;
      }
      client.in.append(buffer, static_cast<std::size_t>(got));
      if (client.in.size() > kMaxRequest + 8) {
        answer(fd, kRefused, "the request is over " + std::to_string(kMaxRequest) + " bytes");
        drop(fd);
        return;
      }
    }
    while (client.in.size() >= 8) {
      Reader size_reader(client.in);
      const std::uint64_t size = size_reader.u64();
      if (size > kMaxRequest) {
        answer(fd, kRefused, "the request is over " + std::to_string(kMaxRequest) + " bytes");
        drop(fd);
        return;
      }
      if (client.in.size() < 8 + size) return;
      const std::string body = client.in.substr(8, size);
      client.in.erase(0, 8 + size);
      handle(fd, body);
      if (!clients_.count(fd)) return;
    }
  }

  void handle(int fd, const std::string& body) {
    PoolJob job;
    try {
      job = decode_job(body);
    } catch (const std::exception& error) {
      answer(fd, kRefused, std::string("a malformed request: ") + error.what());
      return;
    }
    // Clients give their input as bytes; a path would be opened as root.
    job.stdin_path.clear();
    job.request.stdin_fd = -1;
    if (pool_.pending() >= pool_.size() + options_.queue) {
      answer(
          fd, kBusy,
          "busy: " + std::to_string(pool_.pending()) + " runs are running or waiting; try again");
      return;
    }
    const std::uint64_t generation = clients_[fd].generation;
    pool_.submit(std::move(job), [this, fd, generation](const RunResult& result) {
      const auto found = clients_.find(fd);
      if (found == clients_.end() || found->second.generation != generation) return;
      answer(fd, kResult, encode_result(result));
    });
  }

  const PoolServerOptions& options_;
  Pool& pool_;
  int listener_ = -1;
  int signals_ = -1;
  bool stopping_ = false;
  std::map<int, Client> clients_;
  std::uint64_t generations_ = 0;
};

}  // namespace

int serve_pool(const PoolServerOptions& options) {
  const unsigned size = options.size > 0
                            ? options.size
                            : static_cast<unsigned>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
  // The workers (and their templates) first, while this process has
  // nothing else open.
  Pool pool(size, Pool::Mode::Warm);
  Server server(options, pool);
  return server.run();
}

std::optional<RunResult> run_through_pool(const std::string& socket_path, const RunRequest& request,
                                          std::string& why) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    why = std::string("socket: ") + std::strerror(errno);
    return std::nullopt;
  }
  const std::unique_ptr<int, void (*)(int*)> closer(new int(fd), [](int* p) {
    ::close(*p);
    delete p;
  });
  sockaddr_un address{};
  try {
    address = address_of(socket_path);
  } catch (const std::exception& error) {
    why = error.what();
    return std::nullopt;
  }
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    why = "no pool at " + socket_path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  PoolJob job;
  job.request = request;
  std::string answer;
  if (!send_message(fd, encode_job(job)) || !receive_message(fd, answer)) {
    why = "the pool at " + socket_path + " closed the connection";
    return std::nullopt;
  }
  try {
    Reader in(answer);
    const std::uint64_t kind = in.u64();
    const std::string payload = in.bytes();
    if (kind == kResult) return decode_result(payload);
    RunResult refused;
    refused.verdict = Verdict::InternalError;
    refused.detail = kind == kBusy ? payload : "the pool refused the run: " + payload;
    return refused;
  } catch (const std::exception& error) {
    why = std::string("the pool's answer was malformed: ") + error.what();
    return std::nullopt;
  }
}

}  // namespace pysandbox::cli
