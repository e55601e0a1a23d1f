// proctorctl backup against a real proctord that keeps writing: the copy is
// a database a second proctord serves, holding everything acknowledged
// before the backup began; and the command refuses what would harm the
// database or leave a half-made backup looking whole.
#include "backup.hpp"

#include <gtest/gtest.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "../server/proctord_process.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using proctord_test::ProctordProcess;
using proctord_test::Response;
using proctord_test::Staff;
namespace http = proctord_test::http;

fs::path make_temp_dir(const char* prefix) {
  std::string pattern = (fs::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp");
  return pattern;
}

// Runs proctorctl with `args`; its exit status.
int proctorctl(std::vector<std::string> args) {
  args.insert(args.begin(), PROCTORCTL_BINARY);
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (::posix_spawn(&pid, PROCTORCTL_BINARY, nullptr, nullptr, argv.data(), environ) != 0) {
    return -1;
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Response call(unsigned short port, http::verb method, const std::string& target, const Staff& staff,
              const std::string& body = "") {
  return proctord_test::request(port, method, target, body, staff.cookie, staff.csrf);
}

// The titles of every assessment a proctord holds.
std::set<std::string> assessment_titles(unsigned short port, const Staff& staff) {
  const Response listed = call(port, http::verb::get, "/api/assessments", staff);
  if (listed.result_int() != 200) throw std::runtime_error("listing: " + listed.body());
  const json body = json::parse(listed.body());  // alive through the loop
  std::set<std::string> titles;
  for (const json& assessment : body["assessments"]) {
    titles.insert(assessment.value("title", ""));
  }
  return titles;
}

// Creates assessments one after another until stopped. A title is `sent`
// before its request goes out and `acknowledged` once proctord answered 201:
// an acknowledged one must be in any later backup; nothing but a sent one
// may be.
class Writer {
 public:
  Writer(unsigned short port, Staff staff, std::string mcq)
      : port_(port), staff_(std::move(staff)), mcq_(std::move(mcq)) {
    thread_ = std::thread([this] { loop(); });
  }
  ~Writer() { stop(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::size_t acknowledged_count() const {
    const std::lock_guard lock(mutex_);
    return acknowledged_.size();
  }
  std::vector<std::string> acknowledged() const {
    const std::lock_guard lock(mutex_);
    return acknowledged_;
  }
  std::set<std::string> sent() const {
    const std::lock_guard lock(mutex_);
    return sent_;
  }
  std::string failure() const {
    const std::lock_guard lock(mutex_);
    return failure_;
  }

 private:
  void loop() {
    for (int n = 0; !stop_; ++n) {
      const std::string title = "written " + std::to_string(n);
      const json spec = {{"title", title}, {"duration_minutes", 30}, {"items", {{{"mcq", mcq_}}}}};
      {
        const std::lock_guard lock(mutex_);
        sent_.insert(title);
      }
      const Response made = call(port_, http::verb::post, "/api/assessments", staff_, spec.dump());
      const std::lock_guard lock(mutex_);
      if (made.result_int() != 201) {
        failure_ = made.body();
        return;
      }
      acknowledged_.push_back(title);
    }
  }

  unsigned short port_;
  Staff staff_;
  std::string mcq_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> acknowledged_;
  std::set<std::string> sent_;
  std::string failure_;
  std::thread thread_;
};

// "set/question" of the bank's first MCQ: an assessment's cheapest item.
std::string first_mcq(unsigned short port, const Staff& staff) {
  const json bank = json::parse(call(port, http::verb::get, "/api/bank", staff).body());
  return bank["mcq_sets"][0]["id"].get<std::string>() + "/" +
         bank["mcq_sets"][0]["questions"][0]["id"].get<std::string>();
}

class Backup : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir("backup-test"); }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  fs::path dir_;
};

TEST_F(Backup, CopiesWhatWasAcknowledgedWhileProctordWrites) {
  ProctordProcess live;
  const std::string password = live.admin_password();
  const Staff admin = proctord_test::sign_in(live.port(), "admin@localhost", password);
  Writer writer(live.port(), admin, first_mcq(live.port(), admin));
  while (writer.acknowledged_count() < 30 && writer.failure().empty()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Everything acknowledged up to here must be in the copy; the writer goes
  // on during the backup.
  const std::vector<std::string> before = writer.acknowledged();
  const fs::path out = dir_ / "proctord-backup.sqlite";
  ASSERT_EQ(proctorctl({"backup", "--data-dir", live.data_dir(), out.string()}), 0);
  // Then proctord acknowledges more: the live database moved on.
  const std::size_t after_backup = writer.acknowledged_count();
  while (writer.acknowledged_count() < after_backup + 5 && writer.failure().empty()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  writer.stop();
  ASSERT_EQ(writer.failure(), "");
  const std::set<std::string> sent = writer.sent();
  live.stop();
  EXPECT_FALSE(fs::exists(out.string() + ".partial"));

  // Restored as the operator would: the one file, alone, in a data folder.
  const fs::path restored = dir_ / "restored";
  fs::create_directories(restored);
  fs::copy_file(out, restored / "proctord.db");
  ProctordProcess second(restored.string());
  const Staff again = proctord_test::sign_in(second.port(), "admin@localhost", password);
  const std::set<std::string> titles = assessment_titles(second.port(), again);
  ASSERT_FALSE(titles.empty());
  for (const std::string& title : before) EXPECT_TRUE(titles.contains(title)) << title;
  for (const std::string& title : titles) EXPECT_TRUE(sent.contains(title)) << title;
  // The backup is a snapshot, not the live file at the end.
  EXPECT_LT(titles.size(), writer.acknowledged_count());
}

TEST_F(Backup, RefusesToWriteOverTheDatabaseItself) {
  const fs::path database = dir_ / "proctord.db";
  std::ofstream(database) << "precious";
  EXPECT_THROW(proctorctl::backup_database(database, database), std::runtime_error);
  fs::create_symlink(database, dir_ / "link.sqlite");
  EXPECT_THROW(proctorctl::backup_database(database, dir_ / "link.sqlite"), std::runtime_error);
  std::ifstream in(database);
  std::string text;
  in >> text;
  EXPECT_EQ(text, "precious");
}

TEST_F(Backup, LeavesNothingBehindWhenTheSourceIsNotProctords) {
  // An empty file is a valid, empty SQLite database, but has no schema
  // version: not something to restore proctord from.
  const fs::path empty = dir_ / "empty.db";
  std::ofstream(empty).flush();
  const fs::path out = dir_ / "out.sqlite";
  EXPECT_THROW(proctorctl::backup_database(empty, out), std::runtime_error);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out.string() + ".partial"));
}

TEST_F(Backup, TheCommandSaysWhatIsMissing) {
  const std::string out = (dir_ / "out.sqlite").string();
  EXPECT_EQ(proctorctl({"backup", out}), 2);  // no --data-dir
  EXPECT_EQ(proctorctl({"backup", "--data-dir", (dir_ / "none").string(), out}), 1);
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
