// What became of each attempt's sample and custom runs, kept by this daemon
// so that a result reaches the attempt's connection of the moment (a
// reloaded tab, a second tab that took over) rather than the one that asked,
// and so that a tab that comes back is told which runs are still in flight
// and sees each question's latest result.
//
// Memory only: a restart cancels every run in flight anyway, and the latest
// results are a convenience (the code itself is saved before it runs).
// Thread-safe: runs are opened on connection strands and closed on the
// grading thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace proctord {

class RunLedger {
 public:
  using Push = std::function<void(nlohmann::json)>;

  // Bounds: attempts remembered at once, and the bytes of their latest
  // results (a custom run's output may be large). Past either, the attempts
  // least recently touched with no run in flight and no connection are
  // forgotten: that costs their candidates one more click on Run.
  explicit RunLedger(std::size_t max_attempts = 20000,
                     std::size_t max_result_bytes = std::size_t{64} << 20)
      : max_attempts_(max_attempts), max_result_bytes_(max_result_bytes) {}

  // A run was queued: its id, growing per attempt (and with time, so that
  // ids from different daemons order too), so that a new connection can
  // match what an older one asked for.
  std::int64_t open(std::int64_t attempt, int question, const std::string& mode);
  // Its result (a `run_result` message): remembered as the question's latest
  // unless it was cancelled, and pushed to the attempt's listener if any.
  void close(std::int64_t attempt, std::int64_t run, const nlohmann::json& result);

  // The connection that now speaks for the attempt; `who` tells listeners
  // apart, so that an older connection going away cannot unsubscribe a newer.
  void listen(std::int64_t attempt, const void* who, Push push);
  void unlisten(std::int64_t attempt, const void* who);
  // The attempt's connection moved to another daemon: nobody here listens.
  void moved_away(std::int64_t attempt);

  // Several daemons: a result that finds nobody listening here is handed to
  // `relay` (to reach the daemon the candidate is connected to now), and
  // `deliver` takes one relayed from elsewhere: remembered as the question's
  // latest, and pushed to this daemon's listener.
  using Relay = std::function<void(std::int64_t attempt, const nlohmann::json& result)>;
  void set_relay(Relay relay);
  void deliver(std::int64_t attempt, const nlohmann::json& result);

  // For `welcome`: {"pending": [{"run", "question", "mode"}...] in run
  // order, "latest": [run_result...] in question order}.
  nlohmann::json runs(std::int64_t attempt);
  // The attempt is over: forgotten once its last run in flight is answered
  // (that answer still reaches the listener).
  void forget(std::int64_t attempt);

 private:
  struct Pending {
    int question;
    std::string mode;
  };
  struct Entry {
    std::int64_t next_run = 1;
    std::map<std::int64_t, Pending> pending;  // by run id
    std::map<int, nlohmann::json> latest;     // by question
    std::map<int, std::size_t> latest_bytes;  // by question
    const void* listener = nullptr;
    Push push;
    std::uint64_t touched = 0;
    bool over = false;
  };
  // Each with the mutex held.
  Entry& entry(std::int64_t attempt);
  void erase(std::map<std::int64_t, Entry>::iterator it);
  bool remember(Entry& e, std::int64_t run, const nlohmann::json& result);
  void keep_within_bounds(std::int64_t keep);

  Relay relay_;
  std::size_t max_attempts_;
  std::size_t max_result_bytes_;
  std::size_t result_bytes_ = 0;
  std::mutex mutex_;
  std::map<std::int64_t, Entry> entries_;
  std::uint64_t clock_ = 0;  // a counter, for "least recently touched"
};

}  // namespace proctord
