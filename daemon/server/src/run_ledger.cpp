#include "proctord/run_ledger.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

namespace proctord {

using json = nlohmann::json;

RunLedger::Entry& RunLedger::entry(std::int64_t attempt) {
  auto found = entries_.find(attempt);
  if (found == entries_.end()) found = entries_.emplace(attempt, Entry{}).first;
  found->second.touched = ++clock_;
  return found->second;
}

void RunLedger::erase(std::map<std::int64_t, Entry>::iterator it) {
  for (const auto& [question, bytes] : it->second.latest_bytes) result_bytes_ -= bytes;
  entries_.erase(it);
}

// Forgets the attempts least recently touched that have no run in flight
// and no connection (never `keep`) until both bounds hold again; if the
// results still weigh too much, the latest results of attempts in use go
// too (least recently touched first), their entries kept.
void RunLedger::keep_within_bounds(std::int64_t keep) {
  const auto least_recent = [&](bool idle_only) {
    auto oldest = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      const Entry& e = it->second;
      if (it->first == keep) continue;
      if (idle_only && (!e.pending.empty() || e.listener != nullptr)) continue;
      if (!idle_only && e.latest.empty()) continue;
      if (oldest == entries_.end() || e.touched < oldest->second.touched) oldest = it;
    }
    return oldest;
  };
  while (entries_.size() > max_attempts_ || result_bytes_ > max_result_bytes_) {
    const auto idle = least_recent(true);
    if (idle == entries_.end()) break;
    erase(idle);
  }
  while (result_bytes_ > max_result_bytes_) {
    const auto busy = least_recent(false);
    if (busy == entries_.end()) return;
    for (const auto& [question, bytes] : busy->second.latest_bytes) result_bytes_ -= bytes;
    busy->second.latest.clear();
    busy->second.latest_bytes.clear();
  }
}

std::int64_t RunLedger::open(std::int64_t attempt, int question, const std::string& mode) {
  const std::lock_guard lock(mutex_);
  Entry& e = entry(attempt);
  // Ids grow with time, so that they also order the runs of an attempt
  // that moved between daemons (each numbers its own): milliseconds x 1000,
  // or one more than the last if that is later. (Below 2^53: exact in JSON.)
  const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  const std::int64_t run = std::max(now * 1000, e.next_run);
  e.next_run = run + 1;
  e.pending.emplace(run, Pending{question, mode});
  keep_within_bounds(attempt);
  return run;
}

// Two runs of one question may finish out of order: the later run is kept.
// False when `result` is not newer than the one kept (or is that one).
bool RunLedger::remember(Entry& e, std::int64_t run, const json& result) {
  const int question = result.value("question", -1);
  const auto kept = e.latest.find(question);
  if (kept != e.latest.end() && kept->second.value("run", std::int64_t{0}) >= run) return false;
  const std::size_t bytes = result.dump().size();
  result_bytes_ -= e.latest_bytes[question];
  result_bytes_ += bytes;
  e.latest_bytes[question] = bytes;
  e.latest[question] = result;
  return true;
}

void RunLedger::close(std::int64_t attempt, std::int64_t run, const json& result) {
  Push push;
  Relay relay;
  {
    const std::lock_guard lock(mutex_);
    const auto found = entries_.find(attempt);
    if (found == entries_.end()) return;  // forgotten: nobody is listening
    Entry& e = found->second;
    if (!e.push && !e.over && !result.value("cancelled", false)) relay = relay_;
    e.touched = ++clock_;
    e.pending.erase(run);
    push = e.push;
    if (e.over) {
      if (e.pending.empty()) erase(found);
    } else if (!result.value("cancelled", false)) {
      remember(e, run, result);
      keep_within_bounds(attempt);
    }
  }
  // Outside the lock: a push posts to a connection's strand, a relay
  // writes to the database.
  if (push) push(result);
  if (relay) relay(attempt, result);
}

void RunLedger::set_relay(Relay relay) {
  const std::lock_guard lock(mutex_);
  relay_ = std::move(relay);
}

void RunLedger::deliver(std::int64_t attempt, const json& result) {
  Push push;
  {
    const std::lock_guard lock(mutex_);
    Entry& e = entry(attempt);
    // Relayed rows are read again (a look-back window, each sign-in): only
    // news is pushed.
    if (!remember(e, result.value("run", std::int64_t{0}), result)) return;
    push = e.push;
    keep_within_bounds(attempt);
  }
  if (push) push(result);
}

void RunLedger::moved_away(std::int64_t attempt) {
  const std::lock_guard lock(mutex_);
  const auto found = entries_.find(attempt);
  if (found == entries_.end()) return;
  found->second.listener = nullptr;
  found->second.push = nullptr;
}

void RunLedger::listen(std::int64_t attempt, const void* who, Push push) {
  const std::lock_guard lock(mutex_);
  Entry& e = entry(attempt);
  e.listener = who;
  e.push = std::move(push);
}

void RunLedger::unlisten(std::int64_t attempt, const void* who) {
  const std::lock_guard lock(mutex_);
  const auto found = entries_.find(attempt);
  if (found == entries_.end() || found->second.listener != who) return;
  found->second.listener = nullptr;
  found->second.push = nullptr;
}

json RunLedger::runs(std::int64_t attempt) {
  const std::lock_guard lock(mutex_);
  json pending = json::array();
  json latest = json::array();
  const auto found = entries_.find(attempt);
  if (found != entries_.end()) {
    for (const auto& [run, p] : found->second.pending) {
      pending.push_back({{"run", run}, {"question", p.question}, {"mode", p.mode}});
    }
    for (const auto& [question, result] : found->second.latest) latest.push_back(result);
  }
  return {{"pending", std::move(pending)}, {"latest", std::move(latest)}};
}

void RunLedger::forget(std::int64_t attempt) {
  const std::lock_guard lock(mutex_);
  const auto found = entries_.find(attempt);
  if (found == entries_.end()) return;
  if (found->second.pending.empty()) {
    erase(found);
  } else {
    found->second.over = true;
  }
}

}  // namespace proctord
