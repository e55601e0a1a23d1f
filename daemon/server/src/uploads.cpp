#include "proctord/uploads.hpp"

#include <sstream>

#include "grading/mcq.hpp"
#include "grading/validate.hpp"
#include "interchange/kattis.hpp"
#include "proctord/auth.hpp"
#include "proctord/log.hpp"

namespace proctord {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kStatusesKept = 200;

std::string unpack_error(const std::variant<upload::Unpacked, upload::UnpackError>& result) {
  const auto* error = std::get_if<upload::UnpackError>(&result);
  return error ? error->message : "";
}

// Replaces `target` with `staged` so that a reader sees the old or the new
// folder, never half of one.
void swap_into_place(const fs::path& staged, const fs::path& target) {
  fs::create_directories(target.parent_path());
  const fs::path old = target.parent_path() / ("." + target.filename().string() + ".old");
  std::error_code ignored;
  fs::remove_all(old, ignored);
  if (fs::exists(target)) fs::rename(target, old);
  fs::rename(staged, target);
  fs::remove_all(old, ignored);
}

// A Kattis package becomes our layout before validation, so it is proved
// sound in the sandbox like any other upload. Returns what the conversion
// could not carry over (for the report), or why it refused the package.
std::variant<std::string, std::string> convert_kattis(const fs::path& unpacked,
                                                      const fs::path& staged,
                                                      const upload::Limits& limits) {
  fs::create_directories(staged);
  const interchange::KattisResult result = interchange::convert_kattis(unpacked, staged, limits);
  if (const auto* refused = std::get_if<interchange::KattisRefused>(&result)) {
    std::string message = "the Kattis package cannot be imported:";
    for (const std::string& error : refused->errors) message += "\n" + error;
    return std::variant<std::string, std::string>(std::in_place_index<1>, message);
  }
  std::string notes = "converted from a Kattis package\n";
  for (const std::string& warning : std::get<interchange::KattisImport>(result).warnings) {
    notes += "warning: " + warning + "\n";
  }
  return std::variant<std::string, std::string>(std::in_place_index<0>, notes);
}

}  // namespace

bool valid_slug(const std::string& slug) {
  if (slug.empty() || slug.size() > 64 || slug.front() == '-') return false;
  return slug.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
}

UploadService::UploadService(pysandbox::Pool& pool, Catalog& catalog, UploadSettings settings)
    : pool_(pool), catalog_(catalog), settings_(std::move(settings)) {
  // What a crash left half-unpacked is of no use: the author was never told
  // it was published.
  std::error_code ignored;
  fs::remove_all(settings_.data_dir / "uploads", ignored);
  fs::create_directories(settings_.data_dir / "uploads");
}

UploadService::~UploadService() {
  stop();
}

void UploadService::start() {
  thread_ = std::thread([this] { loop(); });
}

void UploadService::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  woken_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::variant<std::int64_t, UploadRefused> UploadService::reserve(const std::string& kind,
                                                                 const std::string& name,
                                                                 std::int64_t account) {
  const std::lock_guard lock(mutex_);
  if (stopping_ || waiting_.size() >= settings_.max_waiting) {
    return UploadRefused{503, "other uploads are being validated; try again in a minute"};
  }
  const std::int64_t id = next_id_++;
  statuses_[id] = {id, kind, name, "waiting", "", account, now_ms(), 0};
  while (statuses_.size() > kStatusesKept) statuses_.erase(statuses_.begin());
  return id;
}

void UploadService::forget(std::int64_t id) {
  const std::lock_guard lock(mutex_);
  statuses_.erase(id);
}

void UploadService::enqueue(std::int64_t id, fs::path staged) {
  {
    const std::lock_guard lock(mutex_);
    waiting_.push_back({id, std::move(staged)});
  }
  woken_.notify_all();
}

std::variant<UploadStatus, UploadRefused> UploadService::submit_problem(const ProblemUpload& upload,
                                                                        std::int64_t account) {
  if (!upload.slug.empty() && !valid_slug(upload.slug)) {
    return UploadRefused{400, "a slug is 1 to 64 of a-z, 0-9 and '-'"};
  }
  auto reserved = reserve("problem", upload.slug, account);
  if (auto* refused = std::get_if<UploadRefused>(&reserved)) return *refused;
  const std::int64_t id = std::get<std::int64_t>(reserved);
  const fs::path folder = settings_.data_dir / "uploads" / std::to_string(id);
  const fs::path unpacked = folder / "unpacked";
  fs::create_directories(unpacked);
  const auto result = upload.archive.empty()
                          ? upload::write_files(upload.files, unpacked, settings_.limits)
                          : upload::unpack(upload.archive, unpacked, settings_.limits);
  const auto refuse = [&](const std::string& message) {
    std::error_code ignored;
    fs::remove_all(folder, ignored);
    forget(id);
    return UploadRefused{400, message};
  };
  if (const std::string error = unpack_error(result); !error.empty()) return refuse(error);
  const std::string root = std::get<upload::Unpacked>(result).root;
  const std::string slug = upload.slug.empty() ? root : upload.slug;
  if (!valid_slug(slug)) {
    return refuse(slug.empty() ? "name the problem: give a slug, or put the package in one folder"
                               : "the folder name '" + slug.substr(0, 80) +
                                     "' is not a slug (1 to 64 of a-z, 0-9 and '-')");
  }
  if (!fs::is_regular_file(unpacked / "problem.yaml")) {
    return refuse("the package has no problem.yaml at its top");
  }
  // The problem's slug is its folder's name.
  const fs::path staged = folder / slug;
  std::string notes;
  if (interchange::is_kattis_package(unpacked)) {
    auto converted = convert_kattis(unpacked, staged, settings_.limits);
    if (converted.index() == 1) return refuse(std::get<1>(converted));
    notes = std::get<0>(converted);
  } else {
    fs::rename(unpacked, staged);
  }
  UploadStatus status;
  {
    const std::lock_guard lock(mutex_);
    statuses_[id].name = slug;
    statuses_[id].report = notes;  // kept ahead of the validation's report
    status = statuses_[id];
  }
  enqueue(id, staged);
  return status;
}

namespace {

// The `set:` id as the YAML declares it at the top level, for the upload's
// name while it waits (the loader is the judge of whether it is valid).
std::string declared_set_id(const std::string& yaml) {
  std::istringstream lines(yaml);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("set:", 0) != 0) continue;
    std::string id = line.substr(
        4, line.find('#') == std::string::npos ? std::string::npos : line.find('#') - 4);
    id.erase(0, id.find_first_not_of(" \t\"'"));
    id.erase(id.find_last_not_of(" \t\r\"'") + 1);
    return id.substr(0, 64);
  }
  return "";
}

}  // namespace

std::variant<UploadStatus, UploadRefused> UploadService::submit_mcq_set(const std::string& yaml,
                                                                        std::int64_t account) {
  if (yaml.empty()) return UploadRefused{400, "the MCQ set is empty"};
  if (yaml.size() > settings_.limits.max_file_bytes) {
    return UploadRefused{
        400, "the MCQ set is over " + std::to_string(settings_.limits.max_file_bytes) + " bytes"};
  }
  auto reserved = reserve("mcq_set", declared_set_id(yaml), account);
  if (auto* refused = std::get_if<UploadRefused>(&reserved)) return *refused;
  const std::int64_t id = std::get<std::int64_t>(reserved);
  const fs::path folder = settings_.data_dir / "uploads" / std::to_string(id);
  fs::create_directories(folder);
  const auto written = upload::write_files({{"set.yaml", yaml}}, folder, settings_.limits);
  if (const std::string error = unpack_error(written); !error.empty()) {
    forget(id);
    return UploadRefused{400, error};
  }
  UploadStatus status;
  {
    const std::lock_guard lock(mutex_);
    status = statuses_[id];
  }
  enqueue(id, folder / "set.yaml");
  return status;
}

std::optional<UploadStatus> UploadService::status(std::int64_t id) const {
  const std::lock_guard lock(mutex_);
  const auto found = statuses_.find(id);
  if (found == statuses_.end()) return std::nullopt;
  return found->second;
}

std::vector<UploadStatus> UploadService::recent() const {
  const std::lock_guard lock(mutex_);
  std::vector<UploadStatus> all;
  for (auto it = statuses_.rbegin(); it != statuses_.rend(); ++it) all.push_back(it->second);
  return all;
}

void UploadService::loop() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      woken_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
      if (stopping_) return;
      job = std::move(waiting_.front());
      waiting_.pop_front();
      statuses_[job.id].state = "validating";
    }
    try {
      validate(job);
    } catch (const std::exception& failure) {
      log(Level::Error, "upload validation failed", {{"error", failure.what()}});
      finish(job.id, "rejected",
             std::string("the service failed on this upload: ") + failure.what() +
                 " (not the package's fault; try again)");
    }
    std::error_code ignored;
    fs::remove_all(settings_.data_dir / "uploads" / std::to_string(job.id), ignored);
  }
}

namespace {

// The validation report names files as the author knows them (inside
// their package), not where the service staged them.
std::string without_staging(std::string text, const fs::path& folder) {
  const std::string prefix = folder.string() + "/";
  for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    text.erase(at, prefix.size());
  }
  return text;
}

}  // namespace

void UploadService::validate(const Job& job) {
  std::ostringstream printed;
  const grading::Summary summary =
      grading::validate(job.staged, pool_, printed, grading::upload_policy());
  std::string report =
      without_staging(printed.str(), settings_.data_dir / "uploads" / std::to_string(job.id));
  std::string kind;
  {
    const std::lock_guard lock(mutex_);
    kind = statuses_[job.id].kind;
    report.insert(0, statuses_[job.id].report);  // a Kattis conversion's notes
  }
  if (!summary.ok() || (summary.problems == 0 && summary.mcq_sets == 0)) {
    finish(job.id, "rejected", report);
    return;
  }
  if (const auto error = publish(job, kind)) {
    finish(job.id, "rejected", report + *error + "\n");
    return;
  }
  finish(job.id, "published", report);
}

std::optional<std::string> UploadService::publish(const Job& job, const std::string& kind) {
  const fs::path bank = settings_.data_dir / "bank";
  if (kind == "problem") {
    const fs::path target = bank / "coding" / job.staged.filename();
    swap_into_place(job.staged, target);
    grading::LoadedProblem loaded = grading::load_problem(target);
    if (!loaded.problem) return "the package could not be read back after publishing";
    log(Level::Info, "problem published", {{"slug", loaded.problem->slug}});
    catalog_.publish(std::move(*loaded.problem));
    return std::nullopt;
  }
  grading::LoadedMcqSet loaded = grading::load_mcq_set(job.staged);
  if (!loaded.set) return "the set could not be read back";
  if (!valid_slug(loaded.set->id)) {
    return "the set's id '" + loaded.set->id.substr(0, 80) +
           "' must be 1 to 64 of a-z, 0-9 and '-' (it names the file)";
  }
  const fs::path target = bank / "mcq" / (loaded.set->id + ".yaml");
  fs::create_directories(target.parent_path());
  fs::rename(job.staged, target);
  grading::LoadedMcqSet published = grading::load_mcq_set(target);
  if (!published.set) return "the set could not be read back after publishing";
  {
    const std::lock_guard lock(mutex_);
    statuses_[job.id].name = published.set->id;
  }
  log(Level::Info, "MCQ set published", {{"set", published.set->id}});
  catalog_.publish(std::move(*published.set));
  return std::nullopt;
}

void UploadService::finish(std::int64_t id, const std::string& state, const std::string& report) {
  const std::lock_guard lock(mutex_);
  UploadStatus& status = statuses_[id];
  status.state = state;
  status.report = report;
  status.finished_at = now_ms();
}

}  // namespace proctord
