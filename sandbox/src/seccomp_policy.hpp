// The seccomp allow-list for candidate code, compiled once in the supervisor.
//
// Every system call not allowed here is reported to the supervisor through
// the seccomp user-notification descriptor, which then stops the run with
// SECURITY_VIOLATION and the call's name. The one exception is the payload's
// own execve of python3: the supervisor lets exactly the first execve through.
#pragma once

#include <linux/filter.h>

#include <string>
#include <vector>

namespace pysandbox {

struct SeccompProgram {
  std::vector<sock_filter> instructions;
};

// Builds the filter (libseccomp, exported as BPF). Throws on failure.
const SeccompProgram& candidate_policy();

// The name of a system call number of the native architecture ("fork").
std::string syscall_name(int number);
// The native architecture's AUDIT_ARCH_* value (what seccomp_data.arch holds).
unsigned native_audit_arch();

}  // namespace pysandbox
