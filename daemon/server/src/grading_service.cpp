#include "proctord/grading_service.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <charconv>
#include <chrono>

#include "proctord/auth.hpp"
#include "proctord/log.hpp"
#include "proctord/scoring.hpp"

namespace proctord {

namespace {

constexpr std::int64_t kSettleMs = 2000;

bool blank(const std::string& code) {
  return code.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::optional<std::int64_t> job_id(const std::string& payload) {
  std::int64_t id = 0;
  const char* end = payload.data() + payload.size();
  const auto [ptr, ec] = std::from_chars(payload.data(), end, id);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return id;
}

std::vector<std::size_t> sample_tests(const grading::Problem& problem) {
  std::vector<std::size_t> samples;
  for (std::size_t i = 0; i < problem.tests.size(); ++i) {
    if (problem.tests[i].sample) samples.push_back(i);
  }
  return samples;
}

}  // namespace

// The attempt being graded: its questions' grades as they arrive, and the
// tests not yet handed to the pool.
struct GradingService::Final {
  std::int64_t job = 0;  // Grader: the grade job claimed from the board
  Invitation attempt;
  Assessment assessment;
  std::vector<QuestionGrade> grades;
  std::deque<std::function<void()>> launches;
  std::size_t questions_left = 0;
};

GradingService::GradingService(pysandbox::Pool& pool, Store& store, const Catalog& catalog,
                               Metrics& metrics, GradingSettings settings)
    : pool_(pool),
      store_(store),
      catalog_(catalog),
      metrics_(metrics),
      settings_(std::move(settings)),
      inputs_(settings_.cache_dir),
      grader_(pool_, inputs_),
      wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (wake_fd_ < 0) throw std::runtime_error("cannot make an eventfd for the grading service");
  if (settings_.role != GradingSettings::Role::Local && settings_.board == nullptr) {
    throw std::logic_error("remote grading needs a job board");
  }
  if (settings_.role == GradingSettings::Role::Remote) {
    finished_ = settings_.board->listen(JobBoard::kFinishedChannel);
  }
}

GradingService::~GradingService() {
  stop();
  ::close(wake_fd_);
}

// Interrupts a Remote service's wait for notices.
void GradingService::nudge() const {
  const std::uint64_t one = 1;
  if (::write(wake_fd_, &one, sizeof one) < 0) {
    // The counter is full: the service is already due to wake.
  }
}

void GradingService::start() {
  thread_ = std::thread([this] { loop(); });
}

void GradingService::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  woken_.notify_all();
  nudge();
  if (thread_.joinable()) thread_.join();
}

GradingService::Admission GradingService::admit(std::int64_t attempt) {
  const std::lock_guard lock(mutex_);
  const std::int64_t now = now_ms();
  PerAttempt& mine = attempts_[attempt];
  while (!mine.asked.empty() && now - mine.asked.front() >= 60000) mine.asked.pop_front();
  if (stopping_ || depth() >= settings_.max_interactive) {
    metrics_.grading_refused++;
    return Admission::Busy;
  }
  if (mine.in_flight >= settings_.max_per_attempt) return Admission::RunInProgress;
  if (mine.asked.size() >= settings_.runs_per_minute) return Admission::RateLimited;
  ++mine.in_flight;
  mine.asked.push_back(now);
  ++admitted_;
  update_depth();
  return Admission::Admitted;
}

void GradingService::release(std::int64_t attempt) {
  const std::lock_guard lock(mutex_);
  --admitted_;
  settle(attempt);
}

void GradingService::run(std::int64_t attempt, ProblemPtr problem, std::string code,
                         std::optional<std::string> input, RunDone done) {
  {
    const std::lock_guard lock(mutex_);
    --admitted_;
    waiting_.push_back(
        {attempt, std::move(problem), std::move(code), std::move(input), std::move(done)});
    update_depth();
  }
  woken_.notify_all();
  nudge();
}

void GradingService::run_claimed(std::int64_t attempt, ProblemPtr problem, std::string code,
                                 std::optional<std::string> input, RunDone done) {
  {
    const std::lock_guard lock(mutex_);
    waiting_.push_back(
        {attempt, std::move(problem), std::move(code), std::move(input), std::move(done)});
    update_depth();
  }
  woken_.notify_all();
}

void GradingService::cancel(std::int64_t attempt) {
  std::vector<RunDone> cancelled;
  {
    const std::lock_guard lock(mutex_);
    for (auto it = waiting_.begin(); it != waiting_.end();) {
      if (it->attempt == attempt) {
        cancelled.push_back(std::move(it->done));
        settle(attempt);
        it = waiting_.erase(it);
      } else {
        ++it;
      }
    }
    update_depth();
  }
  for (const RunDone& done : cancelled) done(RunOutcome{true, {}});
  if (settings_.role != GradingSettings::Role::Remote) return;
  // Runs posted but not claimed yet are taken off the board; a run a grader
  // already has finishes and its result is still pushed.
  try {
    for (const std::int64_t id : settings_.board->cancel_queued_runs(attempt)) {
      answer_remote(id, RunOutcome{true, {}});
    }
  } catch (const std::exception& failure) {
    metrics_.store_errors++;
    log(Level::Warning, "cannot cancel posted runs", {{"error", failure.what()}});
  }
}

// A run of the attempt is over (answered, cancelled or never queued).
// Called with the lock held.
void GradingService::settle(std::int64_t attempt) {
  const auto found = attempts_.find(attempt);
  if (found == attempts_.end()) return;
  if (found->second.in_flight > 0) --found->second.in_flight;
  // Forget attempts with nothing running and nothing recent, so the map
  // stays as small as the set of active candidates.
  if (found->second.in_flight == 0 &&
      (found->second.asked.empty() || now_ms() - found->second.asked.back() >= 60000)) {
    attempts_.erase(found);
  }
  update_depth();
}

std::size_t GradingService::depth() const {
  return waiting_.size() + running_interactive_ + admitted_;
}

void GradingService::update_depth() {
  metrics_.grading_queue = static_cast<std::int64_t>(depth());
}

void GradingService::wake() {
  {
    const std::lock_guard lock(mutex_);
    look_at_store_ = true;
  }
  woken_.notify_all();
}

std::size_t GradingService::queue_depth() const {
  const std::lock_guard lock(mutex_);
  return depth();
}

void GradingService::loop() {
  const bool remote = settings_.role == GradingSettings::Role::Remote;
  while (true) {
    try {
      if (!(remote ? step_remote() : step())) break;
    } catch (const std::exception& failure) {
      // Nothing may end this thread but stop(): every exam depends on it.
      log(Level::Error, "grading step failed", {{"error", failure.what()}});
    }
  }
  // Whatever is still waiting is cancelled; runs in the pool finish.
  std::vector<RunDone> cancelled;
  {
    const std::lock_guard lock(mutex_);
    for (Interactive& job : waiting_) cancelled.push_back(std::move(job.done));
    waiting_.clear();
    for (auto& [id, posted] : posted_) cancelled.push_back(std::move(posted.done));
    posted_.clear();
  }
  for (const RunDone& done : cancelled) done(RunOutcome{true, {}});
  pool_.run_until_idle();
}

// One round: candidates' runs to the pool, final grading fed, results
// collected. False once stopping.
bool GradingService::step() {
  {
    std::unique_lock lock(mutex_);
    if (stopping_) return false;
    dispatch_interactive(lock);
  }
  if (!final_) begin_final();
  if (final_) feed_final();
  if (pool_.pending() > 0) {
    // Short, so that a new request is not kept waiting by a long run.
    pool_.poll_once(10);
    return true;
  }
  std::unique_lock lock(mutex_);
  woken_.wait_for(lock, std::chrono::milliseconds(250),
                  [this] { return stopping_ || !waiting_.empty() || (look_at_store_ && !final_); });
  return true;
}

// Candidates' runs go to the pool while it has little queued, so that most
// waiting happens here, where a closed attempt's runs can still be dropped.
void GradingService::dispatch_interactive(std::unique_lock<std::mutex>& lock) {
  while (!waiting_.empty() && pool_.pending() < 2 * pool_.size()) {
    Interactive job = std::move(waiting_.front());
    waiting_.pop_front();
    ++running_interactive_;
    lock.unlock();
    launch(std::move(job));
    lock.lock();
  }
}

void GradingService::launch(Interactive job) {
  const auto asked = std::chrono::steady_clock::now();
  auto finish = [this, asked, attempt = job.attempt,
                 done = std::move(job.done)](std::vector<grading::TestResult> tests) {
    for (const grading::TestResult& test : tests) metrics_.count_verdict(test.verdict);
    metrics_.observe_run_latency(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count());
    {
      const std::lock_guard lock(mutex_);
      --running_interactive_;
      settle(attempt);
    }
    done(RunOutcome{false, std::move(tests)});
  };
  const grading::Problem& problem = *job.problem;
  try {
    if (job.input) {
      grader_.run_custom(problem, job.code, *job.input,
                         [finish, keep = job.problem](grading::TestResult result) {
                           finish({std::move(result)});
                         });
      return;
    }
    const std::vector<std::size_t> samples = sample_tests(problem);
    if (samples.empty()) {
      finish({});
      return;
    }
    grader_.grade(
        problem, job.code,
        [finish, samples, keep = job.problem](grading::GradeReport report) {
          std::vector<grading::TestResult> ran;
          ran.reserve(samples.size());
          for (const std::size_t i : samples) ran.push_back(std::move(report.tests[i]));
          finish(std::move(ran));
        },
        samples);
  } catch (const std::exception& failure) {
    log(Level::Error, "a candidate's run could not start", {{"error", failure.what()}});
    finish({service_failure(job.input ? "custom" : "samples", failure.what())});
  }
}

// Takes the oldest submitted attempt without a grade, scores its MCQs now
// and lines up every test of its coding questions.
void GradingService::begin_final() {
  {
    const std::lock_guard lock(mutex_);
    const std::int64_t now = now_ms();
    if (!look_at_store_ && now < next_store_look_ms_) return;
    look_at_store_ = false;
    next_store_look_ms_ = now + 1000;
  }
  std::int64_t job = 0;
  int tries = 0;
  try {
    const std::optional<std::int64_t> next = next_final(job, tries);
    if (!next) return;
    auto final = std::make_unique<Final>();
    final->job = job;
    final->attempt = store_.find_invitation(*next).value();
    final->assessment = store_.find_assessment(final->attempt.assessment_id).value();
    const std::vector<AssessmentItem>& items = final->assessment.items;
    final->grades.resize(items.size());
    std::vector<Answer> by_position(items.size());
    for (const Answer& answer : store_.answers(final->attempt.id)) {
      if (answer.position >= 0 && static_cast<std::size_t>(answer.position) < items.size()) {
        by_position[static_cast<std::size_t>(answer.position)] = answer;
      }
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      const int position = static_cast<int>(i);
      if (items[i].kind == "mcq") {
        final->grades[i] = score_mcq(with_snapshot(items[i], *catalog_.bank()), position,
                                     by_position[i].choices, final->assessment.negative_marking);
        continue;
      }
      if (tries > settings_.max_tries) {
        final->grades[i] = ungradable(items[i], position,
                                      "INTERNAL_ERROR: grading this attempt stopped its grader " +
                                          std::to_string(tries - 1) +
                                          " times; the candidate is not blamed, regrade it");
        continue;
      }
      const ProblemPtr problem = catalog_.version(items[i].version);
      if (!problem) {
        final->grades[i] = ungradable(
            items[i], position,
            "the pinned version of '" + items[i].ref + "' is not available on this server");
        continue;
      }
      if (problem->tests.empty()) {
        final->grades[i] = ungradable(items[i], position, "the problem has no tests");
        continue;
      }
      if (blank(by_position[i].code)) {
        final->grades[i] = {
            position, 0, items[i].points,
            R"({"kind":"coding","internal_errors":0,"error":"no code was saved","tests":[]})"};
        continue;
      }
      line_up_tests(*final, i, problem, by_position[i].code);
    }
    final_ = std::move(final);
  } catch (const std::exception& failure) {
    metrics_.store_errors++;
    log(Level::Error, "cannot begin grading", {{"error", failure.what()}});
    if (job != 0) abandon_quietly(job);
  }
}

// The next attempt to grade: on a grader, a grade job claimed from the
// board (`job`, `tries`); else the oldest submitted attempt without a grade.
std::optional<std::int64_t> GradingService::next_final(std::int64_t& job, int& tries) {
  if (settings_.role == GradingSettings::Role::Grader) {
    const std::optional<Job> claimed =
        settings_.board->claim("grade", settings_.owner, settings_.lease_ms);
    if (!claimed) return std::nullopt;
    job = claimed->id;
    tries = claimed->tries;
    return claimed->attempt;
  }
  // Saves accepted just before the end may still be in the write batcher:
  // an attempt is graded once they have surely reached the disk. (Graders
  // wait the same before posting a grade job.)
  const std::vector<std::int64_t> ungraded = store_.ungraded_attempts(now_ms() - kSettleMs, 1);
  if (ungraded.empty()) return std::nullopt;
  return ungraded.front();
}

void GradingService::abandon_quietly(std::int64_t job) const {
  try {
    settings_.board->abandon(job, settings_.owner);
  } catch (const std::exception& failure) {
    // Its lease runs out by itself.
    log(Level::Warning, "cannot let go of a grade job", {{"error", failure.what()}});
  }
}

// Every test of one coding question, to be handed to the pool a few at a
// time; the last result scores the question.
void GradingService::line_up_tests(Final& final, std::size_t item, const ProblemPtr& problem,
                                   const std::string& code) {
  struct Question {
    std::vector<grading::TestResult> results;
    std::size_t left;
  };
  auto question = std::make_shared<Question>();
  question->results.resize(problem->tests.size());
  question->left = problem->tests.size();
  ++final.questions_left;
  Final* owner = &final;
  for (std::size_t t = 0; t < problem->tests.size(); ++t) {
    auto done = [this, owner, problem, question, t, item](grading::TestResult result) {
      metrics_.count_verdict(result.verdict);
      question->results[t] = std::move(result);
      if (--question->left > 0) return;
      grading::GradeReport report{problem->slug, 0, problem->points, std::move(question->results)};
      report.score = grading::score(*problem, report.tests);
      owner->grades[item] =
          score_coding(owner->assessment.items[item], static_cast<int>(item), report, *problem);
      --owner->questions_left;
    };
    owner->launches.emplace_back([this, problem, code, t, done] {
      try {
        grader_.run_test(*problem, t, code, done);
      } catch (const std::exception& failure) {
        grading::TestResult failed = service_failure(problem->tests[t].name, failure.what());
        failed.group = problem->tests[t].sample ? "sample" : "secret";
        done(std::move(failed));
      }
    });
  }
}

void GradingService::feed_final() {
  while (!final_->launches.empty() && pool_.pending() < pool_.size()) {
    auto launch_test = std::move(final_->launches.front());
    final_->launches.pop_front();
    launch_test();
  }
  if (final_->launches.empty() && final_->questions_left == 0) finish_final();
}

void GradingService::finish_final() {
  const Final& done = *final_;
  bool stored = false;
  try {
    AttemptGrade grade = total(done.attempt.id, done.assessment, done.grades, now_ms());
    // A regrade or a late save since this grading began leaves the attempt
    // waiting for the next one.
    grade.grade_requests = done.attempt.grade_requests;
    if (done.job == 0) {
      store_.save_grade(grade);
    } else if (!settings_.board->finish_grade(done.job, settings_.owner, grade)) {
      // This grader was too slow to renew: another one took the job over,
      // and its result is the one recorded.
      log(Level::Warning, "lost a grade job to another grader",
          {{"attempt", std::to_string(done.attempt.id)}, {"job", std::to_string(done.job)}});
      final_.reset();
      return;
    }
    metrics_.attempts_graded++;
    stored = true;
    log(Level::Info, "attempt graded", {{"attempt", std::to_string(done.attempt.id)}});
  } catch (const std::exception& failure) {
    // It stays ungraded in the store: the periodic look tries again.
    metrics_.store_errors++;
    log(Level::Error, "cannot store a grade",
        {{"attempt", std::to_string(done.attempt.id)}, {"error", failure.what()}});
  }
  if (!stored && done.job != 0) abandon_quietly(done.job);
  final_.reset();
  if (!stored) return;
  // The next one, if any, without waiting for the periodic look.
  const std::lock_guard lock(mutex_);
  look_at_store_ = true;
}

// --- Remote: the runs go to graders through the board ---

// One round: queued runs posted, announced results handed back, and now and
// then a look at the board for what an announcement missed.
bool GradingService::step_remote() {
  std::deque<Interactive> to_post;
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) return false;
    to_post.swap(waiting_);
    running_interactive_ += to_post.size();
  }
  for (Interactive& job : to_post) post(std::move(job));
  std::vector<std::int64_t> announced;
  for (const std::string& payload : finished_->wait(to_post.empty() ? 250 : 0, wake_fd_)) {
    if (const auto id = job_id(payload)) announced.push_back(*id);
  }
  std::uint64_t wakes = 0;
  while (::read(wake_fd_, &wakes, sizeof wakes) > 0) {
  }
  if (!announced.empty()) collect_remote(announced);
  if (now_ms() >= next_catch_up_ms_) {
    next_catch_up_ms_ = now_ms() + 1000;
    catch_up_remote();
  }
  return true;
}

void GradingService::post(Interactive job) {
  Job run;
  run.kind = "run";
  run.attempt = job.attempt;
  run.version = job.problem->content_hash;
  run.code = std::move(job.code);
  run.input = std::move(job.input);
  const auto asked = std::chrono::steady_clock::now();
  try {
    const std::int64_t id = settings_.board->post_run(run);
    const std::lock_guard lock(mutex_);
    posted_.emplace(id, Posted{job.attempt, std::move(job.done), asked});
    return;
  } catch (const std::exception& failure) {
    metrics_.store_errors++;
    log(Level::Error, "cannot post a run for the graders", {{"error", failure.what()}});
  }
  {
    const std::lock_guard lock(mutex_);
    --running_interactive_;
    settle(job.attempt);
  }
  job.done(RunOutcome{
      false, {service_failure(run.input ? "custom" : "samples", "the database is unavailable")}});
}

// Hands back the results of those of `ids` that this service posted.
void GradingService::collect_remote(const std::vector<std::int64_t>& ids) {
  std::vector<std::int64_t> ours;
  {
    const std::lock_guard lock(mutex_);
    for (const std::int64_t id : ids) {
      if (posted_.count(id) > 0) ours.push_back(id);
    }
  }
  if (ours.empty()) return;
  try {
    for (FinishedRun& run : settings_.board->finished_runs(ours)) {
      answer_remote(run.id, RunOutcome{run.state == "cancelled", std::move(run.tests)});
    }
  } catch (const std::exception& failure) {
    // The next catch-up asks again.
    metrics_.store_errors++;
    log(Level::Warning, "cannot read run results", {{"error", failure.what()}});
  }
}

// Every posted run: the ended ones answered (their notice may have been
// lost with a connection), and those no grader claimed in time answered
// INTERNAL_ERROR.
void GradingService::catch_up_remote() {
  std::vector<std::int64_t> all;
  {
    const std::lock_guard lock(mutex_);
    for (const auto& [id, posted] : posted_) all.push_back(id);
  }
  if (all.empty()) return;
  collect_remote(all);
  try {
    for (const std::int64_t id :
         settings_.board->expire_queued_runs(all, settings_.unclaimed_run_ms)) {
      answer_remote(
          id, RunOutcome{
                  false,
                  {service_failure("samples",
                                   "no grader took this run within " +
                                       std::to_string(settings_.unclaimed_run_ms / 1000) + " s")}});
    }
  } catch (const std::exception& failure) {
    metrics_.store_errors++;
    log(Level::Warning, "cannot expire unclaimed runs", {{"error", failure.what()}});
  }
}

// Answers a posted run once, whoever learns of its end first.
void GradingService::answer_remote(std::int64_t id, RunOutcome outcome) {
  Posted posted;
  {
    const std::lock_guard lock(mutex_);
    const auto found = posted_.find(id);
    if (found == posted_.end()) return;
    posted = std::move(found->second);
    posted_.erase(found);
    --running_interactive_;
    settle(posted.attempt);
  }
  if (!outcome.cancelled) {
    for (const grading::TestResult& test : outcome.tests) metrics_.count_verdict(test.verdict);
    metrics_.observe_run_latency(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - posted.asked).count());
  }
  posted.done(std::move(outcome));
}

}  // namespace proctord
