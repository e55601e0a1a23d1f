#include "proctord/candidate.hpp"

#include <algorithm>

#include "proctord/auth.hpp"
#include "proctord/log.hpp"
#include "proctord/scoring.hpp"

namespace proctord {
namespace {

using json = nlohmann::json;

template <class... Handlers>
struct Overloaded : Handlers... {
  using Handlers::operator()...;
};
// Spelled out: clang 14 (clang-tidy's) has no deduction for aggregates.
template <class... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;

AttemptWrite make_write(AttemptWrite::Kind kind, std::int64_t attempt, int position,
                        std::string text, std::int64_t at) {
  AttemptWrite write;
  write.kind = kind;
  write.attempt = attempt;
  write.position = position;
  write.text = std::move(text);
  write.at = at;
  return write;
}

// An MCQ as pinned into the assessment (its snapshot), or, for assessments
// built before snapshots existed, as the bank has it now.
json pinned_mcq(const Catalog& catalog, const AssessmentItem& item) {
  if (!item.snapshot.empty()) return json::parse(item.snapshot, nullptr, false);
  const std::shared_ptr<const Bank> bank = catalog.bank();  // keeps the question alive
  const grading::McqQuestion* question = find_mcq(*bank, item.ref);
  return question ? mcq_snapshot(*question) : json();
}

// A link not used to start before its expiry: marked expired by the
// sweeper, or about to be.
bool link_expired(const Invitation& invitation) {
  return invitation.status == "expired" ||
         (invitation.status == "invited" && now_ms() >= invitation.expires_at);
}

json expired_link() {
  return CandidateSession::error(
      "expired", "this invitation link has expired; ask the recruiter for a new one");
}

// A run's result as the candidate sees it: sample tests' figures only where
// the assessment shows them; a custom run's own output.
json run_result(std::int64_t run, int position, bool samples, bool reveal,
                const grading::Problem& problem, const RunOutcome& outcome) {
  json result = {{"type", "run_result"},
                 {"run", run},
                 {"question", position},
                 {"mode", samples ? "samples" : "custom"}};
  if (outcome.cancelled) {
    result["cancelled"] = true;
    return result;
  }
  json tests = json::array();
  for (const grading::TestResult& test : outcome.tests) {
    json shown = test_json(test, problem, reveal);
    if (!reveal) shown.erase("detail");
    if (!samples) {
      shown["output"] = test.output;
      shown["stderr"] = test.error;
    }
    tests.push_back(std::move(shown));
  }
  result["tests"] = std::move(tests);
  return result;
}

}  // namespace

CandidateSession::CandidateSession(Store& store, const Catalog& catalog, GradingService& grading,
                                   WriteBatcher& batcher, std::shared_ptr<RunLedger> runs,
                                   Metrics& metrics, CandidateLimits limits)
    : store_(store),
      catalog_(catalog),
      grading_(grading),
      batcher_(batcher),
      runs_(std::move(runs)),
      metrics_(metrics),
      limits_(limits) {}

CandidateSession::~CandidateSession() {
  if (attempt_) runs_->unlisten(*attempt_, this);
}

const Assessment& CandidateSession::assessment_of(const Invitation& invitation) {
  if (!assessment_ || assessment_->id != invitation.assessment_id) {
    assessment_ = store_.find_assessment(invitation.assessment_id).value();
  }
  return *assessment_;
}

std::vector<json> CandidateSession::defer(AttemptWrite write, json reply) {
  awaiting_commit_ = true;
  batcher_.submit(std::move(write), [deliver = deliver_, reply = std::move(reply),
                                     id = current_id_](bool saved) {
    json out = saved ? reply
                     : error("not_saved",
                             "the service could not save this; keep working and send it again");
    if (!id.is_null()) out["in_reply_to"] = id;
    deliver(std::move(out));
  });
  return {};
}

json CandidateSession::error(const std::string& code, const std::string& message) {
  return {{"type", "error"}, {"code", code}, {"message", message}};
}

std::vector<json> CandidateSession::handle(const std::string& text) {
  const ParsedMessage parsed = parse_candidate_message(text);
  if (const auto* refused = std::get_if<MessageError>(&parsed)) {
    json reply = error(refused->code, refused->message);
    if (!refused->id.is_null()) reply["in_reply_to"] = refused->id;
    return {reply};
  }
  const CandidateMessage& message = std::get<CandidateMessage>(parsed);
  try {
    current_id_ = message.id;
    std::vector<json> replies = dispatch(message.body);
    // Echo the client's id, if it gave one, so it can match replies.
    if (!message.id.is_null() && !replies.empty()) replies.front()["in_reply_to"] = message.id;
    return replies;
  } catch (const StoreError& failure) {
    metrics_.store_errors++;
    log(Level::Error, "store failure in an attempt", {{"error", failure.what()}});
    return {
        error("not_saved", "the service could not save this; keep working and it will be retried")};
  } catch (const std::exception& failure) {
    log(Level::Error, "candidate message failed", {{"error", failure.what()}});
    return {error("internal", "the service failed on this message; nothing was changed")};
  }
}

std::vector<json> CandidateSession::dispatch(const MessageBody& body) {
  using Replies = std::vector<json>;
  // Only ping and hello come before the sign-in.
  const bool before_hello =
      std::holds_alternative<message::Ping>(body) || std::holds_alternative<message::Hello>(body);
  if (!before_hello && !attempt_) {
    return {error("not_signed_in", "send hello with your invitation token first")};
  }
  return std::visit(Overloaded{
                        [](const message::Ping&) -> Replies {
                          return {{{"type", "pong"}, {"server_time", now_ms()}}};
                        },
                        [this](const message::Hello& m) -> Replies { return hello(m); },
                        [this](const message::Start&) -> Replies { return start(); },
                        [this](const message::SaveAnswer& m) -> Replies { return save_answer(m); },
                        [this](const message::SaveCode& m) -> Replies { return save_code(m); },
                        [this](const message::Submit& m) -> Replies { return submit(m); },
                        [this](const message::Event& m) -> Replies { return event(m); },
                        [this](const message::Finish&) -> Replies { return finish(); },
                        [this](const message::Run& m) -> Replies { return run(m); },
                    },
                    body);
}

std::vector<json> CandidateSession::hello(const message::Hello& message) {
  const std::optional<Invitation> invitation =
      store_.find_invitation_by_token(sha256_hex(message.token));
  if (!invitation) return {error("invalid_token", "this invitation link is not valid")};
  if (invitation->status == "revoked") return {error("revoked", "this invitation was withdrawn")};
  if (link_expired(*invitation)) {
    // Shown as expired in the recruiters' lists from now on, not only once
    // the sweeper gets to it.
    if (invitation->status == "invited") store_.expire_invitations(now_ms());
    return {expired_link()};
  }
  // One connection, one attempt: the take-over rules and the limits are
  // per attempt, and a connection must not collect several.
  if (attempt_ && *attempt_ != invitation->id) {
    return {error("already_signed_in", "this connection belongs to another attempt")};
  }
  const std::optional<Assessment> assessment = store_.find_assessment(invitation->assessment_id);
  if (!assessment) return {error("invalid_token", "this invitation link is not valid")};
  attempt_ = invitation->id;
  last_snapshot_.assign(assessment->items.size(), 0);
  if (invitation->status == "started") {
    credit_outage(*invitation);
    store_.record_event(invitation->id, {now_ms(), "connected", "{}"});
    return {attempt_state(*store_.find_invitation(invitation->id), *assessment)};
  }
  return {attempt_state(*invitation, *assessment)};
}

// Who the candidate is dealing with: the name of the recruiter who built
// the assessment ("" when that account is gone).
std::string CandidateSession::inviter_name(const Assessment& assessment) {
  const std::optional<Account> author = store_.find_account(assessment.created_by);
  return author ? author->name : "";
}

json CandidateSession::attempt_state(const Invitation& invitation, const Assessment& assessment) {
  json state = {{"type", "welcome"},
                {"status", invitation.status},
                {"candidate_name", invitation.candidate_name},
                {"title", assessment.title},
                {"invited_by", inviter_name(assessment)},
                {"duration_minutes", static_cast<double>(assessment.duration_s) / 60},
                {"extra_time_pct", invitation.extra_time_pct},
                {"question_count", assessment.items.size()},
                {"recorded_signals", kRecordedSignals},
                {"server_time", now_ms()}};
  if (invitation.status == "started") {
    deadline_ = invitation.deadline_at;
    // From now on this connection gets the attempt's run results, also those
    // of runs an earlier connection asked for.
    runs_->listen(invitation.id, this, push_);
    state["runs"] = runs_->runs(invitation.id);
  }
  if (invitation.status == "started" || invitation.status == "submitted") {
    state["deadline_at"] = invitation.deadline_at;
    state["questions"] = questions(assessment);
    json answers = json::array();
    for (const Answer& a : store_.answers(invitation.id)) {
      answers.push_back({{"question", a.position},
                         {"choices", json::parse(a.choices)},
                         {"code", a.code},
                         {"submitted", a.submitted}});
    }
    state["answers"] = answers;
  }
  return state;
}

// What a candidate may see of each question: never a key, never a secret
// test.
json CandidateSession::questions(const Assessment& assessment) {
  json all = json::array();
  for (std::size_t i = 0; i < assessment.items.size(); ++i) {
    const AssessmentItem& item = assessment.items[i];
    json q = {{"question", i}, {"points", item.points}};
    if (item.kind == "problem") {
      const ProblemPtr problem = catalog_.version(item.version);
      if (!problem) continue;
      const grading::Problem& p = *problem;
      json samples = json::array();
      for (const grading::TestCase& test : p.tests) {
        if (test.sample) {
          samples.push_back({{"name", test.name},
                             {"input", grading::read_file(test.input)},
                             {"output", grading::read_file(test.answer)}});
        }
      }
      q.update({{"kind", "coding"},
                {"title", p.name},
                {"statement", p.statement},
                {"starter", p.starter},
                {"function", p.kind != grading::ProblemKind::Stdio},
                {"entry", p.entry},
                {"time_limit_s", p.time_limit_s},
                {"samples", samples}});
    } else {
      const json mcq = pinned_mcq(catalog_, item);
      if (!mcq.is_object()) continue;
      // Never the key or the explanation.
      q.update({{"kind", "mcq"},
                {"text", mcq.value("text", "")},
                {"multiple", mcq.value("multiple", false)},
                {"options", mcq.value("options", json::array())}});
      if (mcq.contains("snippet")) q["snippet"] = mcq["snippet"];
    }
    all.push_back(q);
  }
  return all;
}

std::vector<json> CandidateSession::start() {
  const std::optional<Invitation> invitation = store_.find_invitation(*attempt_);
  if (!invitation) return {error("invalid_token", "this invitation link is not valid")};
  // The candidate may have read the rules for a while: the link's expiry
  // is checked again at the start.
  if (link_expired(*invitation)) return {expired_link()};
  if (invitation->status != "invited") {
    return {error("already_started", "this attempt is " + invitation->status)};
  }
  const std::optional<Assessment> assessment = store_.find_assessment(invitation->assessment_id);
  const std::int64_t now = now_ms();
  const std::int64_t length =
      assessment->duration_s * 1000 * (100 + invitation->extra_time_pct) / 100;
  if (!store_.start_attempt(invitation->id, now, now + length)) {
    if (now >= invitation->expires_at) return {expired_link()};
    return {error("already_started", "this attempt has already started")};
  }
  store_.record_event(invitation->id, {now, "started", "{}"});
  json state = attempt_state(*store_.find_invitation(invitation->id), *assessment);
  state["type"] = "started";
  return {state};
}

std::optional<Invitation> CandidateSession::running(std::vector<json>& replies) {
  std::optional<Invitation> invitation = store_.find_invitation(*attempt_);
  if (!invitation || invitation->status == "invited") {
    replies.push_back(error("not_started", "start the attempt first"));
    return std::nullopt;
  }
  if (invitation->status != "started") {
    replies.push_back(error(
        "attempt_over", "this attempt is " + invitation->status + "; nothing more can be saved"));
    return std::nullopt;
  }
  if (now_ms() >= invitation->deadline_at) {
    for (json& reply : deadline_reached()) replies.push_back(std::move(reply));
    replies.insert(replies.begin(), error("deadline_passed", "the time is up; this was not saved"));
    return std::nullopt;
  }
  return invitation;
}

std::optional<AssessmentItem> CandidateSession::question_at(std::size_t question,
                                                            std::vector<json>& replies) {
  const std::optional<Invitation> invitation = running(replies);
  if (!invitation) return std::nullopt;
  const Assessment& assessment = assessment_of(*invitation);
  if (question >= assessment.items.size()) {
    replies.push_back(error("bad_question", "\"question\" must be a question's index"));
    return std::nullopt;
  }
  return assessment.items[question];
}

std::vector<json> CandidateSession::save_answer(const message::SaveAnswer& message) {
  std::vector<json> replies;
  const auto item = question_at(message.question, replies);
  if (!item) return replies;
  if (item->kind != "mcq") return {error("bad_question", "that question is not multiple choice")};
  const json mcq = pinned_mcq(catalog_, *item);
  if (!mcq.is_object()) return {error("internal", "this question is not available")};
  const std::size_t options = mcq.value("options", json::array()).size();
  const bool multiple = mcq.value("multiple", false);
  const std::vector<std::size_t>& choices = message.choices;
  if (choices.size() > options || (!multiple && choices.size() > 1)) {
    return {error("bad_answer", multiple ? "\"choices\" must list option indexes"
                                         : "\"choices\" must hold at most one option index")};
  }
  if (std::any_of(choices.begin(), choices.end(), [&](std::size_t c) { return c >= options; })) {
    return {error("bad_answer", "an option index is out of range")};
  }
  const std::int64_t at = now_ms();
  const int position = static_cast<int>(message.question);
  return defer(
      make_write(AttemptWrite::Kind::Choices, *attempt_, position, json(choices).dump(), at),
      {{"type", "saved"}, {"question", position}, {"at", at}});
}

std::optional<AssessmentItem> CandidateSession::coding_question(std::size_t question,
                                                                const std::string& code,
                                                                std::vector<json>& replies) {
  auto item = question_at(question, replies);
  if (!item) return std::nullopt;
  if (item->kind != "problem") {
    replies.push_back(error("bad_question", "that question is not a coding question"));
    return std::nullopt;
  }
  if (code.size() > limits_.max_code_bytes) {
    replies.push_back(error(
        "too_large", "the code is over " + std::to_string(limits_.max_code_bytes) + " bytes"));
    return std::nullopt;
  }
  return item;
}

std::vector<json> CandidateSession::save_code(const message::SaveCode& message) {
  std::vector<json> replies;
  if (!coding_question(message.question, message.code, replies)) return replies;
  const std::string& code = message.code;
  const std::int64_t at = now_ms();
  const int position = static_cast<int>(message.question);
  // The history keeps a snapshot at most every few seconds, and a bounded
  // number of them: enough to play the work back, not a copy per keystroke.
  auto& last = last_snapshot_[static_cast<std::size_t>(position)];
  const bool snapshot = at - last >= limits_.snapshot_every_ms &&
                        store_.history_size(*attempt_, position) < limits_.max_snapshots;
  if (snapshot) last = at;
  AttemptWrite write = make_write(AttemptWrite::Kind::Code, *attempt_, position, code, at);
  write.snapshot = snapshot;
  return defer(std::move(write), {{"type", "saved"}, {"question", position}, {"at", at}});
}

std::vector<json> CandidateSession::submit(const message::Submit& message) {
  std::vector<json> replies;
  if (!question_at(message.question, replies)) return replies;
  const int position = static_cast<int>(message.question);
  const std::int64_t at = now_ms();
  store_.submit_answer(*attempt_, position, at);
  return {{{"type", "question_submitted"}, {"question", position}, {"at", at}}};
}

std::vector<json> CandidateSession::event(const message::Event& message) {
  std::vector<json> replies;
  if (!running(replies)) return replies;
  json detail = json::object();
  if (message.length) detail["length"] = *message.length;
  if (message.kind == "question_opened") {
    if (!question_at(message.question, replies)) return replies;
    detail["question"] = message.question;
  }
  AttemptWrite write;
  write.kind = AttemptWrite::Kind::Event;
  write.attempt = *attempt_;
  write.event = {now_ms(), message.kind, detail.dump()};
  return defer(std::move(write), {{"type", "recorded"}, {"kind", message.kind}});
}

std::vector<json> CandidateSession::finish() {
  std::vector<json> replies;
  const std::optional<Invitation> invitation = running(replies);
  if (!invitation) return replies;
  const std::int64_t at = now_ms();
  store_.end_attempt(invitation->id, "submitted", at);
  store_.record_event(invitation->id, {at, "finished", "{}"});
  deadline_.reset();
  ended();
  return {{{"type", "finished"}, {"at", at}}};
}

void CandidateSession::ended() {
  grading_.cancel(*attempt_);
  grading_.wake();
  runs_->forget(*attempt_);
}

// Runs the code against the sample tests, or on custom input. The code is
// saved first, like an autosave: what the candidate ran is never lost. The
// reply says the run is queued; its result is pushed when it is ready.
std::vector<json> CandidateSession::run(const message::Run& message) {
  std::vector<json> replies;
  const auto item = coding_question(message.question, message.code, replies);
  if (!item) return replies;
  const std::optional<std::string>& input = message.input;
  if (input && input->size() > limits_.max_custom_input_bytes) {
    return {error("too_large", "the input is over " +
                                   std::to_string(limits_.max_custom_input_bytes) + " bytes")};
  }
  const std::string& code = message.code;
  const ProblemPtr problem = catalog_.version(item->version);
  if (!problem) return {error("internal", "this question cannot be run on this server")};
  switch (grading_.admit(*attempt_)) {
    case GradingService::Admission::Admitted: break;
    case GradingService::Admission::Busy:
      return {error("busy", "the graders are busy; try again in a few seconds")};
    case GradingService::Admission::RunInProgress:
      return {error("run_in_progress", "wait for your earlier runs' results")};
    case GradingService::Admission::RateLimited:
      return {error("rate_limited", "at most 10 runs a minute; wait a little")};
  }
  const int position = static_cast<int>(message.question);
  const std::int64_t at = now_ms();
  const bool samples = !input.has_value();
  const bool reveal = assessment_->show_sample_results || !samples;
  // The code is saved first, with everyone's saves (group commit). Once it
  // is on disk the run gets its id, `run_queued` is sent and only then the
  // run queued, so that its result can never overtake that reply.
  awaiting_commit_ = true;
  batcher_.submit(
      make_write(AttemptWrite::Kind::Code, *attempt_, position, code, at),
      [grading = &grading_, batcher = &batcher_, runs = runs_, deliver = deliver_,
       attempt = *attempt_, problem, code, input, position, samples, reveal, at,
       id = current_id_](bool saved) {
        if (!saved) {
          json reply = error("not_saved", "the service could not save this code; run it again");
          if (!id.is_null()) reply["in_reply_to"] = id;
          deliver(std::move(reply));
          grading->release(attempt);
          return;
        }
        const std::int64_t run = runs->open(attempt, position, samples ? "samples" : "custom");
        json reply = {{"type", "run_queued"}, {"run", run}, {"question", position}};
        if (!id.is_null()) reply["in_reply_to"] = id;
        deliver(std::move(reply));
        grading->run(
            attempt, problem, code, input,
            [runs, attempt, run, position, samples, reveal, problem](const RunOutcome& outcome) {
              runs->close(attempt, run,
                          run_result(run, position, samples, reveal, *problem, outcome));
            });
        batcher->submit(make_write(AttemptWrite::Kind::RunMade, attempt, position, "", at),
                        [](bool) {});
      });
  return {};
}

std::optional<std::int64_t> CandidateSession::remaining_ms() {
  if (!attempt_) return std::nullopt;
  const std::optional<Invitation> invitation = store_.find_invitation(*attempt_);
  if (!invitation || invitation->status != "started") return std::nullopt;
  return std::max<std::int64_t>(0, invitation->deadline_at - now_ms());
}

std::vector<json> CandidateSession::deadline_reached() {
  if (!attempt_) return {};
  const std::int64_t at = now_ms();
  const std::optional<Invitation> invitation = store_.find_invitation(*attempt_);
  if (!invitation || at < invitation->deadline_at) return {};
  // Whoever ended it (this connection, or the sweeper for attempts nobody
  // watches), the candidate connected now is told, once.
  deadline_.reset();
  // The server submits everything saved so far.
  if (store_.end_attempt(invitation->id, "submitted", at)) {
    store_.record_event(invitation->id, {at, "deadline", "{}"});
  }
  ended();
  return {{{"type", "deadline"},
           {"at", at},
           {"message", "the time is up; your saved work was submitted"}}};
}

void CandidateSession::credit_outage(const Invitation& invitation) {
  if (limits_.outage_credit_ms <= 0) return;
  std::int64_t credited = 0;
  std::int64_t lost_at = 0;  // the open gap's start, 0 when none is open
  for (const Event& e : store_.events(invitation.id)) {
    if (e.kind == "time_credited") {
      credited += json::parse(e.detail, nullptr, false).value("ms", std::int64_t{0});
    }
    if (e.kind == "disconnected") lost_at = e.at;
    if (e.kind == "connected") lost_at = 0;
  }
  if (lost_at == 0) return;
  const std::int64_t now = now_ms();
  const std::int64_t gap = now - lost_at;
  const std::int64_t credit = std::min(gap, limits_.outage_credit_ms - credited);
  if (credit <= 0 || now >= invitation.deadline_at) return;
  if (store_.extend_deadline(invitation.id, credit)) {
    store_.record_event(invitation.id,
                        {now, "time_credited", json{{"ms", credit}, {"gap_ms", gap}}.dump()});
    log(Level::Info, "outage time credited",
        {{"attempt", std::to_string(invitation.id)}, {"ms", std::to_string(credit)}});
  }
}

void CandidateSession::took_over() {
  if (!attempt_) return;
  try {
    store_.record_event(*attempt_, {now_ms(), "connection_replaced", "{}"});
  } catch (const std::exception& failure) {
    log(Level::Warning, "could not record a take-over", {{"error", failure.what()}});
  }
}

void CandidateSession::disconnected(std::int64_t last_heard) {
  if (!attempt_) return;
  try {
    const std::optional<Invitation> invitation = store_.find_invitation(*attempt_);
    if (invitation && invitation->status == "started") {
      store_.record_event(*attempt_, {last_heard, "disconnected", "{}"});
    }
  } catch (const std::exception& failure) {
    log(Level::Warning, "could not record a disconnection", {{"error", failure.what()}});
  }
}

}  // namespace proctord
