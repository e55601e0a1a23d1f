// pysandbox-template: a pre-started Python interpreter that forks one
// confined child per run (docs/sandbox.md, "The warm pool").
//
// A supervisor (sandbox/src/warm.cpp) starts it with its control socket on
// fd 3 and the sandbox's environment, and sends it runs: each a ChildPlan
// (warm_plan.hpp) with its descriptors. For each, the template clones init
// into fresh namespaces as a cold run's supervisor would, but sharing the
// template's memory (so the interpreter is copied once per run, not twice);
// init builds the root and forks the payload, which takes every layer of a cold
// run (cgroup, session, descriptors, rlimits, uid, no_new_privs, seccomp)
// and only then comes back here to run the program in the interpreter it
// inherited. The template itself never runs candidate code, and a run's
// processes share nothing with it but copy-on-write memory.
//
// The template stays single-threaded (clone needs that), has no network
// (its empty namespace is where runs are born), and dies with its
// supervisor.
#include <Python.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "bootstrap.hpp"
#include "child.hpp"
#include "warm_plan.hpp"
#include "wire.hpp"

namespace {

using namespace pysandbox;

constexpr int kControl = 3;

// The interpreter as `python3 -I -S -B -X utf8` starts it.
bool start_python(const char* program_name) {
  PyPreConfig pre;
  PyPreConfig_InitIsolatedConfig(&pre);
  pre.utf8_mode = 1;
  if (PyStatus_Exception(Py_PreInitialize(&pre))) return false;
  PyConfig config;
  PyConfig_InitIsolatedConfig(&config);
  config.site_import = 0;
  config.write_bytecode = 0;
  config.install_signal_handlers = 1;
  config.parse_argv = 0;
  PyStatus status = PyConfig_SetBytesString(&config, &config.program_name, program_name);
  if (!PyStatus_Exception(status)) status = Py_InitializeFromConfig(&config);
  PyConfig_Clear(&config);
  return !PyStatus_Exception(status);
}

// "<prefix>\n<major>.<minor>": the supervisor checks that this interpreter
// is the one the run asked for.
std::string describe_python() {
  PyObject* prefix = PySys_GetObject("prefix");  // borrowed
  const char* text = prefix != nullptr ? PyUnicode_AsUTF8(prefix) : nullptr;
  return std::string(text != nullptr ? text : "") + "\n" + std::to_string(PY_MAJOR_VERSION) + "." +
         std::to_string(PY_MINOR_VERSION);
}

// sys.exit(code): the status python3 would exit with (a message, or any
// object but an int, is printed to stderr and gives 1).
int exit_status_of_system_exit() {
  PyObject* type = nullptr;
  PyObject* value = nullptr;
  PyObject* traceback = nullptr;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  int status = 0;
  PyObject* code = value != nullptr ? PyObject_GetAttrString(value, "code") : nullptr;
  if (code == nullptr) {
    PyErr_Clear();
  } else if (code == Py_None) {
    status = 0;
  } else if (PyLong_Check(code)) {
    status = static_cast<int>(PyLong_AsLong(code));
    if (PyErr_Occurred() != nullptr) {
      PyErr_Clear();
      status = 1;
    }
  } else {
    PyObject* text = PyObject_Str(code);
    if (text != nullptr) {
      PySys_WriteStderr("%s\n", PyUnicode_AsUTF8(text));
      Py_DECREF(text);
    }
    PyErr_Clear();
    status = 1;
  }
  Py_XDECREF(code);
  Py_XDECREF(type);
  Py_XDECREF(value);
  Py_XDECREF(traceback);
  return status;
}

// Calls module.function() if the module was imported; errors are printed.
void call_if_imported(const char* module, const char* function) {
  PyObject* modules = PyImport_GetModuleDict();             // borrowed
  PyObject* found = PyDict_GetItemString(modules, module);  // borrowed
  if (found == nullptr) return;
  PyObject* result = PyObject_CallMethod(found, function, nullptr);
  if (result == nullptr) {
    PyErr_Print();
  }
  Py_XDECREF(result);
}

// What of python3's shutdown a program can see: non-daemon threads are
// waited for, atexit functions run, stdout and stderr are flushed. The
// rest of Py_FinalizeEx (freeing every object) is skipped: it would write
// to every page inherited from the template, copying each (about 20 ms),
// and the process is about to vanish anyway. Returns the exit status.
int shut_down(int status) {
  call_if_imported("threading", "_shutdown");
  call_if_imported("atexit", "_run_exitfuncs");
  for (const char* name : {"stdout", "stderr"}) {
    PyObject* stream = PySys_GetObject(name);  // borrowed
    if (stream == nullptr || stream == Py_None) continue;
    PyObject* flushed = PyObject_CallMethod(stream, "flush", nullptr);
    if (flushed == nullptr) {
      PyErr_Clear();
      if (status == 0) status = 120;  // python3's status when flushing fails
    }
    Py_XDECREF(flushed);
  }
  return status;
}

// In the payload, confined: what `python3 ... -c <bootstrap> /box/main.py`
// would do from here on. Never returns.
[[noreturn]] void run_program(PyObject* bootstrap, const std::string& program_path) {
  PyOS_AfterFork_Child();
  int status = 0;
  PyObject* argv = Py_BuildValue("[ss]", "-c", program_path.c_str());
  PyObject* globals = PyDict_New();
  PyObject* name = PyUnicode_FromString("__main__");
  if (argv == nullptr || globals == nullptr || name == nullptr ||
      PySys_SetObject("argv", argv) != 0 ||
      PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins()) != 0 ||
      PyDict_SetItemString(globals, "__name__", name) != 0) {
    PyErr_Print();
    ::_exit(1);
  }
  PyObject* result = PyEval_EvalCode(bootstrap, globals, globals);
  if (result == nullptr) {
    if (PyErr_ExceptionMatches(PyExc_SystemExit)) {
      status = exit_status_of_system_exit();
    } else {
      // Printed by sys.excepthook (the bootstrap's), as python3 does.
      PyErr_Print();
      status = 1;
    }
  }
  Py_XDECREF(result);
  ::_exit(shut_down(status));
}

void reply(bool ok, long pid, const std::string& error, int pidfd) {
  Writer out;
  out.u64(ok ? 1 : 0);
  out.u64(static_cast<std::uint64_t>(pid));
  out.bytes(error);
  std::vector<int> fds;
  if (pidfd >= 0) fds.push_back(pidfd);
  if (!send_message(kControl, out.take(), fds)) ::_exit(0);  // the supervisor is gone
}

// Init shares the template's memory (CLONE_VM), so a run does not copy the
// interpreter's page tables twice, only once, for the payload; init runs
// on a stack of its own, and the payload runs on its copy of that stack,
// so it is as large as a main thread's (8 MiB), with a guard page below.
constexpr std::size_t kInitStack = std::size_t{8} << 20;

char* allocate_init_stack() {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  void* base = ::mmap(nullptr, kInitStack + page, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (base == MAP_FAILED || ::mprotect(base, page, PROT_NONE) != 0) return nullptr;
  return static_cast<char*>(base) + page + kInitStack;  // stacks grow down
}

struct Template {
  PyObject* bootstrap = nullptr;
  char* init_stack = nullptr;
  int forked_read = -1;  // init says here that the payload exists
  int forked_write = -1;
};

// What init's entry point needs; it lives in serve_one's frame.
struct InitContext {
  const ChildPlan* plan;
  const Template* owner;
  const std::string* program_path;
  sigset_t signal_mask;  // the template's, for the payload's interpreter
};

int init_main(void* argument) {
  const auto* context = static_cast<const InitContext*>(argument);
  // Init reaps the namespace's processes; the template ignores SIGCHLD.
  // (Dispositions are init's own copy: no CLONE_SIGHAND.)
  if (::signal(SIGCHLD, SIG_DFL) == SIG_ERR) ::_exit(127);
  run_init(*context->plan);  // returns in the payload only, confined
  ::sigprocmask(SIG_SETMASK, &context->signal_mask, nullptr);
  run_program(context->owner->bootstrap, *context->program_path);
}

// Until init has forked the payload, init uses the plan and the payload
// copies our memory: we touch nothing and wait, for that or for init's end.
// Afterwards init only reaps and reports, on its own stack; the one thing
// it still shares with us is errno (the thread's TLS), which at worst
// garbles the reason in one of our error messages, never a run's result.
void wait_for_payload(const Template& owner, int pidfd) {
  pollfd either[2] = {{owner.forked_read, POLLIN, 0}, {pidfd, POLLIN, 0}};
  while (::poll(either, 2, -1) < 0 && errno == EINTR) {
  }
  if ((either[0].revents & POLLIN) != 0) {
    char forked = 0;
    [[maybe_unused]] const ssize_t ignored = ::read(owner.forked_read, &forked, 1);
  }
}

void serve_one(const std::string& message, std::vector<int>& fds, const Template& owner) {
  ChildPlan plan;
  WarmStorage storage;
  try {
    decode_warm_plan(message, fds, plan, storage);
  } catch (const std::exception& error) {
    for (const int fd : fds) ::close(fd);
    reply(false, -1, error.what(), -1);
    return;
  }
  plan.keep_closed = {kControl, owner.forked_read};
  plan.forked_write = owner.forked_write;
  plan.payload_cgroup_directory = storage.cgroup_directory;
  InitContext context{&plan, &owner, &storage.program_path, {}};
  // Init starts with every signal blocked: the interpreter's handlers,
  // which it inherits, would write to the memory it shares with us.
  sigset_t all;
  ::sigfillset(&all);
  ::sigprocmask(SIG_SETMASK, &all, &context.signal_mask);
  int pidfd = -1;
  const int pid = ::clone(init_main, owner.init_stack,
                          static_cast<int>(kInitNamespaces) | CLONE_VM | CLONE_PIDFD | SIGCHLD,
                          &context, &pidfd);
  const int err = errno;
  ::sigprocmask(SIG_SETMASK, &context.signal_mask, nullptr);
  for (const int fd : fds) ::close(fd);  // init has its own copies
  if (pid < 0) {
    reply(false, -1, std::string("clone: ") + std::strerror(err), -1);
    return;
  }
  reply(true, pid, "", pidfd);
  wait_for_payload(owner, pidfd);
  ::close(pidfd);
}

int serve(char** argv) {
  // It dies with its supervisor, and its runs' inits die with it. (If the
  // supervisor died before this took effect, our parent is another.)
  ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (std::to_string(::getppid()) != argv[2]) return 1;
  // Runs are born in this empty network namespace, owned by the host's user
  // namespace: a run cannot even bring up loopback.
  if (::unshare(CLONE_NEWNET) != 0) return 3;
  // Inits are reaped by the kernel; the supervisor follows each by pidfd.
  if (::signal(SIGCHLD, SIG_IGN) == SIG_ERR) return 3;
  if (!start_python(argv[1])) return 4;
  Template owner;
  owner.bootstrap = Py_CompileString(kBootstrap, "<string>", Py_file_input);
  if (owner.bootstrap == nullptr) return 5;
  owner.init_stack = allocate_init_stack();
  int forked[2];
  if (owner.init_stack == nullptr || ::pipe2(forked, O_CLOEXEC) != 0) return 3;
  owner.forked_read = forked[0];
  owner.forked_write = forked[1];
  Writer ready;
  ready.bytes(describe_python());
  if (!send_message(kControl, ready.take())) return 0;
  for (;;) {
    std::string message;
    std::vector<int> fds;
    if (!receive_message(kControl, message, &fds)) return 0;  // the supervisor is gone
    serve_one(message, fds, owner);
  }
}

}  // namespace

// usage: pysandbox-template PYTHON SUPERVISOR_PID (started by warm.cpp)
int main(int argc, char** argv) {
  if (argc != 3) return 2;
  // The loader has bound every symbol now; runs see the sandbox's
  // environment, without it.
  if (::unsetenv("LD_BIND_NOW") != 0) return 2;
  try {
    return serve(argv);
  } catch (const std::exception&) {
    return 6;  // the supervisor sees the socket close and runs cold
  }
}
