// The candidate's side of an attempt, independent of the network: one
// CandidateSession per WebSocket connection turns each client message into
// replies. docs/protocol.md is the reference.
//
// The server owns time: the deadline is fixed when the attempt starts
// (duration x (1 + extra time)), every message is checked against it, and a
// message after it is refused; what was saved before it stays saved.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "proctord/bank.hpp"
#include "proctord/candidate_message.hpp"
#include "proctord/grading_service.hpp"
#include "proctord/metrics.hpp"
#include "proctord/run_ledger.hpp"
#include "proctord/store.hpp"
#include "proctord/write_batcher.hpp"

namespace proctord {

struct CandidateLimits {
  std::size_t max_code_bytes = std::size_t{64} * 1024;
  std::int64_t snapshot_every_ms = 15000;  // code history: at most one snapshot per interval
  std::int64_t max_snapshots = 2000;       // per question
  std::size_t max_custom_input_bytes = std::size_t{64} * 1024;
  // Connection gaps credited back to the deadline on reconnect, at most
  // this much per attempt in all; 0: no credit.
  std::int64_t outage_credit_ms = 0;
};

class CandidateSession {
 public:
  // `push` delivers messages that come later (a run's result); it is called
  // from the grading thread.
  using Push = std::function<void(nlohmann::json)>;
  // `runs` is shared by every connection of this daemon: a run's result
  // goes to whichever connection holds its attempt when it is ready.
  CandidateSession(Store& store, const Catalog& catalog, GradingService& grading,
                   WriteBatcher& batcher, std::shared_ptr<RunLedger> runs, Metrics& metrics,
                   CandidateLimits limits = {});
  ~CandidateSession();
  CandidateSession(const CandidateSession&) = delete;
  CandidateSession& operator=(const CandidateSession&) = delete;
  // Set once, before the first message. `push` delivers a run's result;
  // `deliver` the reply to a save once it is on disk (from the batcher's
  // thread).
  void set_push(Push push) { push_ = std::move(push); }
  void set_deliver(Push deliver) { deliver_ = std::move(deliver); }

  // True after a message whose reply waits for the disk: the connection
  // reads nothing more until `delivered()` (so replies keep their order).
  [[nodiscard]] bool awaiting_commit() const { return awaiting_commit_; }
  void delivered() { awaiting_commit_ = false; }

  // One message in, the replies out (in order). Never throws: a bad message
  // gets an error reply and the connection stays usable.
  std::vector<nlohmann::json> handle(const std::string& text);

  // The attempt this connection is signed in to (after a good hello).
  [[nodiscard]] std::optional<std::int64_t> attempt() const { return attempt_; }
  // Milliseconds left, or nullopt when not started. Reads the store.
  std::optional<std::int64_t> remaining_ms();
  // Called at the deadline: ends the attempt if still running; the replies
  // to push.
  std::vector<nlohmann::json> deadline_reached();
  // A newer connection (this one) took the attempt over: an event.
  void took_over();
  // Marks the connection as gone since `last_heard` (Unix ms): an event
  // for the report, dated when the client was last heard from.
  void disconnected(std::int64_t last_heard);
  // The deadline as last read (after hello or start), without the store.
  [[nodiscard]] std::optional<std::int64_t> known_deadline() const { return deadline_; }

  static nlohmann::json error(const std::string& code, const std::string& message);

 private:
  // The message is well formed (parse_candidate_message); what it means
  // for the attempt is decided here.
  std::vector<nlohmann::json> dispatch(const MessageBody& body);
  std::vector<nlohmann::json> hello(const message::Hello& message);
  std::vector<nlohmann::json> start();
  std::vector<nlohmann::json> save_answer(const message::SaveAnswer& message);
  std::vector<nlohmann::json> save_code(const message::SaveCode& message);
  std::vector<nlohmann::json> submit(const message::Submit& message);
  std::vector<nlohmann::json> event(const message::Event& message);
  std::vector<nlohmann::json> finish();
  std::vector<nlohmann::json> run(const message::Run& message);
  // Hands the write to the batcher; `reply` goes out once it is committed.
  std::vector<nlohmann::json> defer(AttemptWrite write, nlohmann::json reply);
  const Assessment& assessment_of(const Invitation& invitation);
  // After the attempt ended: waiting runs dropped, grading woken.
  void ended();

  // The current state of the attempt as the candidate may see it.
  nlohmann::json attempt_state(const Invitation& invitation, const Assessment& assessment);
  std::string inviter_name(const Assessment& assessment);
  // On reconnect: the gap since the last disconnection, credited back to
  // the deadline within the configured cap.
  void credit_outage(const Invitation& invitation);
  nlohmann::json questions(const Assessment& assessment);
  // The question at a position, checked against the assessment; nullopt
  // and an error otherwise.
  std::optional<AssessmentItem> question_at(std::size_t question,
                                            std::vector<nlohmann::json>& replies);
  // The coding question a save_code or run is about, its code's size
  // checked; nullopt and the error in `replies` otherwise.
  std::optional<AssessmentItem> coding_question(std::size_t question, const std::string& code,
                                                std::vector<nlohmann::json>& replies);
  // The attempt if it is running now; otherwise the error replies.
  std::optional<Invitation> running(std::vector<nlohmann::json>& replies);

  Store& store_;
  const Catalog& catalog_;
  GradingService& grading_;
  WriteBatcher& batcher_;
  std::shared_ptr<RunLedger> runs_;  // shared with the grading callbacks
  Metrics& metrics_;
  Push push_;
  Push deliver_;
  bool awaiting_commit_ = false;
  nlohmann::json current_id_;             // the id of the message being handled, if it had one
  std::optional<Assessment> assessment_;  // immutable once built: read once
  CandidateLimits limits_;
  std::optional<std::int64_t> attempt_;
  std::optional<std::int64_t> deadline_;
  std::vector<std::int64_t> last_snapshot_;
};

}  // namespace proctord
