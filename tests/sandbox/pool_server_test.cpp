// `pysandbox pool` on a real UNIX socket: runs, fallback, busy, garbage,
// and a SIGKILL that must leave no process behind.
#include "pool_server.hpp"

#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <thread>

#include "pysandbox/pool.hpp"
#include "wire.hpp"

namespace pysandbox::cli {
namespace {

RunRequest program(const std::string& source) {
  RunRequest request;
  request.box_files = {{"main.py", source}};
  return request;
}

// Live processes whose name starts with `prefix` (in this test's pid
// namespace, where this test is init: orphans end as its zombies, which
// are dead and not counted).
int count_processes(const std::string& prefix) {
  int count = 0;
  DIR* proc = ::opendir("/proc");
  while (dirent* entry = ::readdir(proc)) {
    std::ifstream stat(std::string("/proc/") + entry->d_name + "/stat");
    std::string line;
    if (!stat || !std::getline(stat, line)) continue;
    const auto open = line.find('(');
    const auto close = line.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close + 2 >= line.size()) {
      continue;
    }
    const std::string name = line.substr(open + 1, close - open - 1);
    const char state = line[close + 2];
    if (name.rfind(prefix, 0) == 0 && state != 'Z') ++count;
  }
  ::closedir(proc);
  return count;
}

class PoolServer : public ::testing::Test {
 protected:
  void SetUp() override {
    // Each test runs as pid 1 of its own namespace: the pid names nothing.
    char folder[] = "/tmp/pysandbox-pool-test-XXXXXX";
    ASSERT_NE(::mkdtemp(folder), nullptr);
    folder_ = folder;
    socket_ = folder_ + "/pool.sock";
    start();
  }
  void TearDown() override {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    ::unlink(socket_.c_str());
    ::rmdir(folder_.c_str());
  }

  void start(unsigned size = 1, unsigned queue = 0) {
    pid_ = ::fork();
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) ::_exit(serve_pool({socket_, size, queue}));
    // Until it answers.
    for (int i = 0; i < 100; ++i) {
      std::string why;
      if (run_through_pool(socket_, program("pass\n"), why)) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "the pool did not start";
  }

  int connect_raw() const {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strcpy(address.sun_path, socket_.c_str());
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    return fd;
  }

  std::string folder_;
  std::string socket_;
  pid_t pid_ = -1;
};

TEST_F(PoolServer, RunsComeBackAsFromAColdRun) {
  std::string why;
  RunRequest request = program("import sys\nprint(sys.stdin.read().upper())\n");
  request.stdin_data = "abc";
  const auto result = run_through_pool(socket_, request, why);
  ASSERT_TRUE(result) << why;
  EXPECT_EQ(result->verdict, Verdict::Ok);
  EXPECT_EQ(result->stdout_data, "ABC\n");
  EXPECT_EQ(result->detail, "");
  struct stat info {};
  ASSERT_EQ(::stat(socket_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600U);  // its owner's only
}

TEST_F(PoolServer, NoPoolMeansNoResultAndAReason) {
  std::string why;
  EXPECT_FALSE(run_through_pool("/tmp/no-such-pool.sock", program("pass\n"), why));
  EXPECT_NE(why.find("no pool at"), std::string::npos);
}

TEST_F(PoolServer, BeyondItsQueueItSaysBusyAtOnce) {
  // Size 1, queue 0: one slow run holds the only worker.
  const int slow = connect_raw();
  PoolJob job;
  job.request = program("import time\ntime.sleep(1)\n");
  ASSERT_TRUE(send_message(slow, encode_job(job)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::string why;
  const auto refused = run_through_pool(socket_, program("pass\n"), why);
  ASSERT_TRUE(refused) << why;
  EXPECT_EQ(refused->verdict, Verdict::InternalError);
  EXPECT_EQ(refused->detail.rfind("busy", 0), 0U) << refused->detail;
  std::string answer;
  ASSERT_TRUE(receive_message(slow, answer));  // the slow one still finishes
  Reader in(answer);
  EXPECT_EQ(in.u64(), 0U);
  EXPECT_EQ(decode_result(in.bytes()).verdict, Verdict::Ok);
  ::close(slow);
}

TEST_F(PoolServer, GarbageIsAnsweredAndOthersAreNotDisturbed) {
  const int bad = connect_raw();
  ASSERT_TRUE(send_message(bad, "definitely not a job"));
  std::string answer;
  ASSERT_TRUE(receive_message(bad, answer));
  Reader in(answer);
  EXPECT_EQ(in.u64(), 2U);  // refused
  EXPECT_NE(in.bytes().find("malformed"), std::string::npos);
  // An oversized one: refused, and that connection closed.
  const int huge = connect_raw();
  Writer size;
  size.u64(std::uint64_t{1} << 40);
  const std::string header = size.take();
  ASSERT_EQ(::write(huge, header.data(), header.size()), 8);
  ASSERT_TRUE(receive_message(huge, answer));
  ::close(huge);
  ::close(bad);
  std::string why;
  const auto fine = run_through_pool(socket_, program("print('fine')\n"), why);
  ASSERT_TRUE(fine) << why;
  EXPECT_EQ(fine->stdout_data, "fine\n");
}

TEST_F(PoolServer, KilledItLeavesNothingBehindAndRestartsClean) {
  ASSERT_GT(count_processes("pysandbox-templ"), 0);
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
  for (int i = 0; i < 50 && count_processes("pysandbox-templ") > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(count_processes("pysandbox-templ"), 0);
  start();  // over the stale socket it left
  std::string why;
  EXPECT_TRUE(run_through_pool(socket_, program("pass\n"), why)) << why;
}

}  // namespace
}  // namespace pysandbox::cli
