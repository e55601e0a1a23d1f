#include "proctord/run_ledger.hpp"

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
// and no connection (never `keep`) until both bounds hold again.
void RunLedger::keep_within_bounds(std::int64_t keep) {
  while (entries_.size() > max_attempts_ || result_bytes_ > max_result_bytes_) {
    auto oldest = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      const Entry& e = it->second;
      if (it->first == keep || !e.pending.empty() || e.listener != nullptr) continue;
      if (oldest == entries_.end() || e.touched < oldest->second.touched) oldest = it;
    }
    if (oldest == entries_.end()) return;  // everything left is in use
    erase(oldest);
  }
}

std::int64_t RunLedger::open(std::int64_t attempt, int question, const std::string& mode) {
  const std::lock_guard lock(mutex_);
  Entry& e = entry(attempt);
  const std::int64_t run = e.next_run++;
  e.pending.emplace(run, Pending{question, mode});
  keep_within_bounds(attempt);
  return run;
}

// Two runs of one question may finish out of order: the later run is kept.
void RunLedger::remember(Entry& e, std::int64_t run, const json& result) {
  const int question = result.value("question", -1);
  const auto kept = e.latest.find(question);
  if (kept != e.latest.end() && kept->second.value("run", std::int64_t{0}) > run) return;
  const std::size_t bytes = result.dump().size();
  result_bytes_ -= e.latest_bytes[question];
  result_bytes_ += bytes;
  e.latest_bytes[question] = bytes;
  e.latest[question] = result;
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
    remember(e, result.value("run", std::int64_t{0}), result);
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
