#include "proctord/write_batcher.hpp"

#include "proctord/log.hpp"

namespace proctord {

WriteBatcher::WriteBatcher(Store& store, Metrics& metrics, std::size_t max_waiting,
                           std::size_t max_batch)
    : store_(store), metrics_(metrics), max_waiting_(max_waiting), max_batch_(max_batch) {}

WriteBatcher::~WriteBatcher() {
  stop();
}

void WriteBatcher::start() {
  thread_ = std::thread([this] { loop(); });
}

void WriteBatcher::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  woken_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WriteBatcher::submit(AttemptWrite write, Done done) {
  {
    const std::lock_guard lock(mutex_);
    if (!stopping_ && waiting_.size() < max_waiting_) {
      waiting_.emplace_back(std::move(write), std::move(done));
      woken_.notify_one();
      return;
    }
  }
  done(false);
}

void WriteBatcher::loop() {
  std::vector<std::pair<AttemptWrite, Done>> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      woken_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
      if (waiting_.empty()) return;  // stopping, and nothing left to write
      if (waiting_.size() <= max_batch_) {
        batch.swap(waiting_);
      } else {
        const auto end = waiting_.begin() + static_cast<std::ptrdiff_t>(max_batch_);
        batch.assign(std::make_move_iterator(waiting_.begin()), std::make_move_iterator(end));
        waiting_.erase(waiting_.begin(), end);
      }
    }
    commit(batch);
    batch.clear();
  }
}

void WriteBatcher::commit(std::vector<std::pair<AttemptWrite, Done>>& batch) {
  std::vector<AttemptWrite> writes;
  writes.reserve(batch.size());
  for (const auto& [write, done] : batch) writes.push_back(write);
  std::vector<bool> saved(batch.size(), false);
  try {
    store_.apply_writes(writes);
    saved.assign(batch.size(), true);
  } catch (const std::exception& failure) {
    metrics_.store_errors++;
    log(Level::Error, "a batch of saves failed; writing them one by one",
        {{"writes", std::to_string(batch.size())}, {"error", failure.what()}});
    // One bad write must not cost the others theirs.
    for (std::size_t i = 0; i < batch.size(); ++i) {
      try {
        store_.apply_writes({writes[i]});
        saved[i] = true;
      } catch (const std::exception&) {
        metrics_.store_errors++;
      }
    }
  }
  // Outside the writes' try: a callback's failure must not make us write
  // anything twice, nor stop the others being told.
  for (std::size_t i = 0; i < batch.size(); ++i) {
    try {
      batch[i].second(saved[i]);
    } catch (const std::exception& failure) {
      log(Level::Error, "a save's reply failed", {{"error", failure.what()}});
    }
  }
}

}  // namespace proctord
