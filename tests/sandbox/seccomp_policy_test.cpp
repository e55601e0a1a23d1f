#include "seccomp_policy.hpp"

#include <gtest/gtest.h>
#include <linux/audit.h>
#include <sys/syscall.h>

namespace pysandbox {
namespace {

TEST(SeccompPolicy, CompilesToABoundedProgram) {
  const SeccompProgram& program = candidate_policy();
  EXPECT_GT(program.instructions.size(), 20u);
  // The kernel refuses programs over 4096 instructions.
  EXPECT_LT(program.instructions.size(), 4096u);
  // Built once, then reused.
  EXPECT_EQ(&candidate_policy(), &program);
}

TEST(SeccompPolicy, NamesSystemCalls) {
  EXPECT_EQ(syscall_name(__NR_execve), "execve");
  EXPECT_EQ(syscall_name(__NR_socket), "socket");
  EXPECT_EQ(syscall_name(__NR_ptrace), "ptrace");
  EXPECT_EQ(syscall_name(99999), "system call 99999");
}

TEST(SeccompPolicy, NativeArchitecture) {
#if defined(__x86_64__)
  EXPECT_EQ(native_audit_arch(), AUDIT_ARCH_X86_64);
#endif
}

}  // namespace
}  // namespace pysandbox
