// Authors' uploads: a problem package (zip, tar, tar.gz, or separate files)
// or an MCQ set (YAML), proved sound in the sandbox exactly as `proctorctl
// bank validate` does, and published into the bank only then.
//
// Unpacking happens on the request's thread, so a malformed archive is
// refused at once with the entry and the reason. Validation takes seconds
// (every accepted and wrong-answer solution on every test), so it runs on
// this service's own thread with its own sandbox pool, one upload at a time;
// the client polls the upload's status. Published packages live under the
// data folder's bank/ and are loaded over the built-in bank at start-up.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "proctord/bank.hpp"
#include "pysandbox/pool.hpp"
#include "upload/archive.hpp"

namespace proctord {

struct UploadSettings {
  std::filesystem::path data_dir;  // uploads/ (staging) and bank/ (published) go here
  upload::Limits limits;
  std::size_t max_waiting = 4;  // uploads queued for validation; more are refused
};

struct UploadStatus {
  std::int64_t id = 0;
  std::string kind;    // "problem" or "mcq_set"
  std::string name;    // the slug, or the set's file name until it is read
  std::string state;   // "waiting", "validating", "published", "rejected"
  std::string report;  // what the validation printed, line by line
  std::int64_t account = 0;
  std::int64_t created_at = 0;
  std::int64_t finished_at = 0;
};

struct UploadRefused {
  int status = 400;  // 400: the upload is wrong; 503: busy, try later
  std::string message;
};

// A problem package: an archive, or files by path.
struct ProblemUpload {
  std::string slug;  // may be empty when the archive has one top folder
  std::string archive;
  std::vector<std::pair<std::string, std::string>> files;
};

class UploadService {
 public:
  UploadService(pysandbox::Pool& pool, Catalog& catalog, UploadSettings settings);
  ~UploadService();
  UploadService(const UploadService&) = delete;
  UploadService& operator=(const UploadService&) = delete;

  void start();
  void stop();

  std::variant<UploadStatus, UploadRefused> submit_problem(const ProblemUpload& upload,
                                                           std::int64_t account);
  std::variant<UploadStatus, UploadRefused> submit_mcq_set(const std::string& yaml,
                                                           std::int64_t account);
  [[nodiscard]] std::optional<UploadStatus> status(std::int64_t id) const;
  [[nodiscard]] std::vector<UploadStatus> recent() const;

 private:
  struct Job {
    std::int64_t id;
    std::filesystem::path staged;  // the problem folder, or the set's file
  };
  std::variant<std::int64_t, UploadRefused> reserve(const std::string& kind,
                                                    const std::string& name, std::int64_t account);
  void enqueue(std::int64_t id, std::filesystem::path staged);
  void forget(std::int64_t id);
  void loop();
  void validate(const Job& job);
  // Moves a sound upload into bank/ and into the catalog; the error if not.
  std::optional<std::string> publish(const Job& job, const std::string& kind);
  void finish(std::int64_t id, const std::string& state, const std::string& report);

  pysandbox::Pool& pool_;
  Catalog& catalog_;
  UploadSettings settings_;

  mutable std::mutex mutex_;
  std::condition_variable woken_;
  std::deque<Job> waiting_;
  std::map<std::int64_t, UploadStatus> statuses_;  // the most recent ones
  std::int64_t next_id_ = 1;
  bool stopping_ = false;
  std::thread thread_;
};

// A problem slug as the bank names folders: 1 to 64 of a-z, 0-9 and '-',
// starting with a letter or digit.
bool valid_slug(const std::string& slug);

}  // namespace proctord
