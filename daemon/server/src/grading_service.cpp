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

bool GradingService::run(std::int64_t attempt, ProblemPtr problem, std::string code,
                         std::optional<std::string> input, RunDone done) {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ || waiting_.size() + running_interactive_ >= settings_.max_interactive) {
      metrics_.grading_refused++;
      return false;
    }
    waiting_.push_back(
        {attempt, std::move(problem), std::move(code), std::move(input), std::move(done)});
    metrics_.grading_queue = static_cast<std::int64_t>(waiting_.size() + running_interactive_);
  }
  woken_.notify_all();
  return true;
}

void GradingService::cancel(std::int64_t attempt) {
  std::vector<RunDone> cancelled;
  {
    const std::lock_guard lock(mutex_);
    for (auto it = waiting_.begin(); it != waiting_.end();) {
      if (it->attempt == attempt) {
        cancelled.push_back(std::move(it->done));
        it = waiting_.erase(it);
      } else {
        ++it;
      }
    }
    metrics_.grading_queue = static_cast<std::int64_t>(waiting_.size() + running_interactive_);
  }
  for (const RunDone& done : cancelled) done(RunOutcome{true, {}});
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
  return waiting_.size() + running_interactive_;
}

void GradingService::loop() {
  while (true) {
    {
      std::unique_lock lock(mutex_);
      if (stopping_) break;
      dispatch_interactive(lock);
    }
    if (!final_) begin_final();
    if (final_) feed_final();
    if (pool_.pending() > 0) {
      // Short, so that a new request is not kept waiting by a long run.
      pool_.poll_once(10);
      continue;
    }
    std::unique_lock lock(mutex_);
    woken_.wait_for(lock, std::chrono::milliseconds(250), [this] {
      return stopping_ || !waiting_.empty() || (look_at_store_ && !final_);
    });
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
  auto finish = [this, asked, done = std::move(job.done)](std::vector<grading::TestResult> tests) {
    for (const grading::TestResult& test : tests) metrics_.count_verdict(test.verdict);
    metrics_.observe_run_latency(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count());
    {
      const std::lock_guard lock(mutex_);
      --running_interactive_;
      metrics_.grading_queue = static_cast<std::int64_t>(waiting_.size() + running_interactive_);
    }
    done(RunOutcome{false, std::move(tests)});
  };
  const grading::Problem& problem = *job.problem;
  if (job.input) {
    grader_.run_custom(
        problem, job.code, *job.input,
        [finish, keep = job.problem](grading::TestResult result) { finish({std::move(result)}); });
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
        final->grades[i] = score_mcq(items[i], position, by_position[i].choices,
                                     final->assessment.negative_marking);
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
      ++final->questions_left;
      struct Question {
        std::vector<grading::TestResult> results;
        std::size_t left;
      };
      auto question = std::make_shared<Question>();
      question->results.resize(problem->tests.size());
      question->left = problem->tests.size();
      const std::string code = by_position[i].code;
      Final* owner = final.get();
      for (std::size_t t = 0; t < problem->tests.size(); ++t) {
        owner->launches.emplace_back([this, owner, problem, question, code, t, i] {
          grader_.run_test(*problem, t, code,
                           [this, owner, problem, question, t, i](grading::TestResult result) {
                             metrics_.count_verdict(result.verdict);
                             question->results[t] = std::move(result);
                             if (--question->left > 0) return;
                             grading::GradeReport report{problem->slug, 0, problem->points,
                                                         std::move(question->results)};
                             report.score = grading::score(*problem, report.tests);
                             owner->grades[i] = score_coding(owner->assessment.items[i],
                                                             static_cast<int>(i), report, *problem);
                             --owner->questions_left;
                           });
        });
      }
    }
    final_ = std::move(final);
  } catch (const std::exception& failure) {
    metrics_.store_errors++;
    log(Level::Error, "cannot begin grading", {{"error", failure.what()}});
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
