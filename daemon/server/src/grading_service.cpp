#include "proctord/grading_service.hpp"

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

// Our own failure while running a test: never the candidate's.
grading::TestResult internal_error(const std::string& name, const std::string& why) {
  grading::TestResult failed;
  failed.name = name;
  failed.group = "sample";
  failed.verdict = "INTERNAL_ERROR";
  failed.detail = "the service failed to run this: " + why;
  return failed;
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
      grader_(pool_, inputs_) {}

GradingService::~GradingService() {
  stop();
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
  while (true) {
    try {
      if (!step()) break;
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
    finish({internal_error(job.input ? "custom" : "samples", failure.what())});
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
  try {
    // Saves accepted just before the end may still be in the write
    // batcher: an attempt is graded once they have surely reached the disk.
    const std::vector<std::int64_t> ungraded = store_.ungraded_attempts(now_ms() - kSettleMs, 1);
    if (ungraded.empty()) return;
    auto final = std::make_unique<Final>();
    final->attempt = store_.find_invitation(ungraded.front()).value();
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
        grading::TestResult failed = internal_error(problem->tests[t].name, failure.what());
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
    store_.save_grade(total(done.attempt.id, done.assessment, done.grades, now_ms()));
    metrics_.attempts_graded++;
    stored = true;
    log(Level::Info, "attempt graded", {{"attempt", std::to_string(done.attempt.id)}});
  } catch (const std::exception& failure) {
    // It stays ungraded in the store: the periodic look tries again.
    metrics_.store_errors++;
    log(Level::Error, "cannot store a grade",
        {{"attempt", std::to_string(done.attempt.id)}, {"error", failure.what()}});
  }
  final_.reset();
  if (!stored) return;
  // The next one, if any, without waiting for the periodic look.
  const std::lock_guard lock(mutex_);
  look_at_store_ = true;
}

}  // namespace proctord
