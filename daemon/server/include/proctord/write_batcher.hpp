// Group commit for candidates' saves. Every autosave must be on disk before
// the candidate hears "saved"; one disk flush per save caps the service at a
// few hundred saves a second on an ordinary disk. The batcher's thread takes
// whatever saves are waiting, writes them in one transaction (one flush),
// and then acknowledges each. Connections never wait on the disk themselves:
// their network threads stay free for everyone else.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "proctord/metrics.hpp"
#include "proctord/store.hpp"

namespace proctord {

class WriteBatcher {
 public:
  // `done(true)` once committed, `done(false)` if the store failed (nothing
  // of that write is kept). Called on the batcher's thread.
  using Done = std::function<void(bool)>;

  WriteBatcher(Store& store, Metrics& metrics, std::size_t max_waiting = 20000,
               std::size_t max_batch = 1000);
  ~WriteBatcher();
  WriteBatcher(const WriteBatcher&) = delete;
  WriteBatcher& operator=(const WriteBatcher&) = delete;

  void start();
  // Commits what is waiting, then stops.
  void stop();

  // Queues a write; when more than `max_waiting` wait, it is refused at
  // once (done(false)) rather than the queue growing without bound.
  void submit(AttemptWrite write, Done done);

 private:
  void loop();
  void commit(std::vector<std::pair<AttemptWrite, Done>>& batch);

  Store& store_;
  Metrics& metrics_;
  std::size_t max_waiting_;
  std::size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable woken_;
  std::vector<std::pair<AttemptWrite, Done>> waiting_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace proctord
