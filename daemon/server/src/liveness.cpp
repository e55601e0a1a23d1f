#include "proctord/liveness.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <limits>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

#include "proctord/log.hpp"

namespace proctord {
namespace {

class Heartbeat : public std::enable_shared_from_this<Heartbeat> {
 public:
  Heartbeat(boost::asio::io_context& io, int fd, std::int64_t every_ms)
      : timer_(io), fd_(fd), every_(every_ms) {}

  void beat() {
    touch();
    timer_.expires_after(every_);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->beat();
    });
  }

 private:
  void touch() {
    if (::futimens(fd_, nullptr) != 0 && !warned_) {
      log(Level::Warning, "cannot touch the heartbeat file");
      warned_ = true;
    }
  }

  boost::asio::steady_timer timer_;
  int fd_;
  std::chrono::milliseconds every_;
  bool warned_ = false;
};

// What says whether a connection held the attempt: "started" is sent on
// the connection that started it, like "connected" on each later one.
bool is_connection_event(const Event& e) {
  return e.kind == "started" || e.kind == "connected" || e.kind == "disconnected" ||
         e.kind == "connection_replaced";
}

}  // namespace

std::optional<std::int64_t> last_alive(const std::filesystem::path& file) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) return std::nullopt;
  return std::int64_t{info.st_mtim.tv_sec} * 1000 + info.st_mtim.tv_nsec / 1000000;
}

int hold_data_folder(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot open " + file.string());
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    throw std::runtime_error("another proctord is using the data folder of " + file.string());
  }
  return fd;  // held until this process exits
}

void start_heartbeat(boost::asio::io_context& io, int fd, std::int64_t every_ms) {
  std::make_shared<Heartbeat>(io, fd, every_ms)->beat();
}

std::size_t record_lost_connections(Store& store, std::int64_t ended_at) {
  std::size_t recorded = 0;
  // Every started attempt: those "overdue" by the end of time.
  for (const Invitation& attempt :
       store.overdue_attempts(std::numeric_limits<std::int64_t>::max())) {
    const std::vector<Event> events = store.events(attempt.id);
    const Event* latest = nullptr;
    for (const Event& e : events) {
      if (is_connection_event(e)) latest = &e;
    }
    if (latest == nullptr || latest->kind == "disconnected") continue;
    store.record_event(attempt.id, {std::max(ended_at, latest->at), "disconnected",
                                    R"({"daemon_stopped": true})"});
    ++recorded;
  }
  return recorded;
}

}  // namespace proctord
