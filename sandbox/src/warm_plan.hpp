// A run's ChildPlan as it travels from the supervisor to a warm template
// (docs/sandbox.md, "The warm pool"): everything but the descriptors, which
// travel beside the message in this order.
#pragma once

#include <linux/filter.h>

#include <string>
#include <vector>

#include "child.hpp"
#include "unique_fd.hpp"

namespace pysandbox {

enum WarmFd : int {
  kSyncRead,
  kStatusWrite,
  kErrorWrite,
  kListenerSend,
  kStdin,  // a standby's: the socket its run will come on (StandbyOrder)
  kStdout,
  kStderr,
  kBoxBytes,         // the sealed memfd holding the box files' bytes
  kFirstCgroupTask,  // then one per cgroup `tasks` file, then the cgroup v2
                     // directory when there is one (init is cloned into it)
};

// What the decoded plan points into; it must outlive the plan's use.
struct WarmStorage {
  std::string program_path;        // /box/<main file>
  std::vector<BoxFile> box_files;  // names only: the bytes stay in the memfd
  std::vector<sock_filter> filter;
  sock_fprog program{};
  int cgroup_directory = -1;  // cgroup v2: CLONE_INTO_CGROUP this
};

// The box files' bytes, one after the other, in a memfd sealed against
// any change: the plan carries names and sizes only, so a template (whose
// memory every later run of it inherits) never holds a run's files.
UniqueFd box_bytes_memfd(const std::vector<BoxFile>& files);

// `program_path` is /box/<main file>, which the template runs.
std::string encode_warm_plan(const ChildPlan& plan, const std::string& program_path,
                             bool with_cgroup_directory);

// Fills `plan` from `bytes` and `fds` (sent in WarmFd order); throws on a
// malformed message.
void decode_warm_plan(const std::string& bytes, const std::vector<int>& fds, ChildPlan& plan,
                      WarmStorage& storage);

// A standby's run, as the supervisor hands it to the payload waiting for
// it: the program's path, the box files' names and sizes (their bytes come
// in a sealed memfd, as in a plan) and the run's limits. Beside the message
// travel the program's stdin, then the memfd.
struct StandbyOrder {
  std::string program_path;
  std::vector<BoxFile> box_files;  // names only
  std::vector<std::uint64_t> box_sizes;
  Limits limits;
};
inline constexpr std::size_t kStandbyOrderFds = 2;

std::string encode_standby_order(const std::string& program_path, const std::vector<BoxFile>& files,
                                 const Limits& limits);

// Throws on a malformed message, or when the memfd `box_bytes` does not
// hold exactly the sizes given.
StandbyOrder decode_standby_order(const std::string& bytes, int box_bytes);

// The descriptors of `plan` in WarmFd order (`cgroup_directory` last, when
// it is not -1); `plan.box_bytes_fd` must be set.
std::vector<int> warm_plan_fds(const ChildPlan& plan, int cgroup_directory);

}  // namespace pysandbox
