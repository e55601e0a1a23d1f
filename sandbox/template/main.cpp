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
// A plan may be a standby's (ChildPlan::standby): built before its run,
// its payload waits unconfined here (take_standby_run) until the
// supervisor sends the run, then takes the same layers before the program.
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
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
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

// exit() and quit() in builtins, once: every run inherits them.
bool install_exit_helpers() {
  PyObject* globals = PyDict_New();
  PyObject* name = PyUnicode_FromString("__main__");
  // In __main__'s name, as a cold run's bootstrap defines them.
  const bool ready = globals != nullptr && name != nullptr &&
                     PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins()) == 0 &&
                     PyDict_SetItemString(globals, "__name__", name) == 0;
  Py_XDECREF(name);
  PyObject* result = ready ? PyRun_String(kExitHelpers, Py_file_input, globals, globals) : nullptr;
  Py_XDECREF(result);
  Py_XDECREF(globals);
  return result != nullptr;
}

// Moves every object the template holds into the collector's permanent
// generation, so that no run's collection walks them: each would write the
// objects' GC headers and so copy every page they sit on (the copy-on-write
// cost that gc.freeze() exists for). A cold start has not imported gc, so
// the module leaves sys.modules again.
bool freeze_template_objects() {
  PyObject* gc = PyImport_ImportModule("gc");
  if (gc == nullptr) return false;
  PyObject* frozen = PyObject_CallMethod(gc, "freeze", nullptr);
  Py_DECREF(gc);
  Py_XDECREF(frozen);
  return frozen != nullptr && PyDict_DelItemString(PyImport_GetModuleDict(), "gc") == 0;
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

// The program's source, read by the confined payload itself into a string
// of its size (a large buffer would only cost pages); 0, or the errno that
// stopped it (python3 then says so and exits with 2).
int read_source(const std::string& path, std::string& source) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  struct stat info {};
  int err = ::fstat(fd, &info) == 0 ? 0 : errno;
  if (err == 0) source.resize(static_cast<std::size_t>(info.st_size));
  for (std::size_t done = 0; err == 0 && done < source.size();) {
    const ssize_t got = ::read(fd, source.data() + done, source.size() - done);
    if (got > 0) {
      done += static_cast<std::size_t>(got);
    } else if (got == 0) {
      source.resize(done);  // shorter than it was a moment ago
    } else if (errno != EINTR) {
      err = errno;
    }
  }
  ::close(fd);
  return err;
}

// A fresh __main__, as a cold run's bootstrap makes one: __name__, __file__,
// __builtins__, with sys.argv == [path].
PyObject* fresh_main_module(const std::string& path) {
  PyObject* module = PyModule_New("__main__");
  PyObject* argv = Py_BuildValue("[s]", path.c_str());
  PyObject* file = PyUnicode_DecodeFSDefault(path.c_str());
  const bool ready =
      module != nullptr && argv != nullptr && file != nullptr &&
      PySys_SetObject("argv", argv) == 0 && PyModule_AddObjectRef(module, "__file__", file) == 0 &&
      // The module, not its dict, as python3 gives __main__.
      PyModule_AddObjectRef(module, "__builtins__", PyImport_AddModule("builtins")) == 0 &&
      PyDict_SetItemString(PyImport_GetModuleDict(), "__main__", module) == 0;
  Py_XDECREF(argv);
  Py_XDECREF(file);
  if (!ready) Py_CLEAR(module);
  return module;
}

// The program compiled here, with its real file name, so that tracebacks and
// SyntaxErrors name it with no bootstrap frame to hide; Py_CompileString-
// Object reads a coding cookie as exec(bytes) does, and skips the AST
// classes that builtins.compile() would build first. It takes a C string,
// so a NUL byte is refused here with exec()'s own error, as in a cold run.
PyObject* compile_program(const std::string& path, const std::string& source) {
  if (source.find('\0') != std::string::npos) {
    PyErr_SetString(PyExc_ValueError, "source code string cannot contain null bytes");
    return nullptr;
  }
  PyObject* filename = PyUnicode_DecodeFSDefault(path.c_str());
  if (filename == nullptr) return nullptr;
  PyObject* code = Py_CompileStringObject(source.c_str(), filename, Py_file_input, nullptr, -1);
  Py_DECREF(filename);
  return code;
}

// Runs the program in `module`; the exit status python3 would give.
int run_main_module(PyObject* module, const std::string& path, const std::string& source) {
  PyObject* code = compile_program(path, source);
  PyObject* result = nullptr;
  if (code != nullptr) {
    PyObject* globals = PyModule_GetDict(module);  // borrowed
    result = PyEval_EvalCode(code, globals, globals);
    Py_DECREF(code);
  }
  int status = 0;
  if (result == nullptr) {
    if (PyErr_ExceptionMatches(PyExc_SystemExit)) {
      status = exit_status_of_system_exit();
    } else {
      PyErr_Print();  // through sys.excepthook, as python3 does
      status = 1;
    }
  }
  Py_XDECREF(result);
  return status;
}

// In the payload, confined: what `python3 -I -S ... /box/main.py` would do
// from here on. Never returns.
[[noreturn]] void run_program(const std::string& program_path, bool after_fork_done) {
  if (!after_fork_done) PyOS_AfterFork_Child();
  std::string source;
  if (const int err = read_source(program_path, source); err != 0) {
    PySys_WriteStderr("python3: can't open file '%s': [Errno %d] %s\n", program_path.c_str(), err,
                      std::strerror(err));
    ::_exit(2);
  }
  PyObject* module = fresh_main_module(program_path);
  if (module == nullptr) {
    PyErr_Print();
    ::_exit(1);
  }
  const int status = run_main_module(module, program_path, source);
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

// Init runs on a stack of ours, so two inits alive at once need two: a
// run's, and a standby's (which waits on beside a run that does not fit
// it). Each stack remembers its last init, and no init starts on a stack
// whose last init has not ended.
struct InitStack {
  char* top = nullptr;
  int last_init = -1;  // a pidfd
};

// Whether `stack`'s last init has ended, after a short wait for one that
// was just killed.
bool stack_is_free(InitStack& stack) {
  if (stack.last_init < 0) return true;
  pollfd ended{stack.last_init, POLLIN, 0};
  int ready = 0;
  while ((ready = ::poll(&ended, 1, 500)) < 0 && errno == EINTR) {
  }
  if (ready != 1) return false;
  ::close(stack.last_init);
  stack.last_init = -1;
  return true;
}

struct Template {
  InitStack run_stack;
  InitStack standby_stack;
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

// A standby payload: waits for its run on the socket the plan left on
// stdin_fd, then is confined around it as any payload (a closed socket
// means the standby was given up). Its own memory from here on: it may
// allocate. Returns the program's path.
std::string take_standby_run(const ChildPlan& standby) {
  // What does not depend on the run happens while it waits: the
  // interpreter's own after-fork work, and a rehearsal of compiling, which
  // copies the compiler's pages (the ones a program's compile would write
  // first) before the clock starts.
  PyOS_AfterFork_Child();
  Py_XDECREF(Py_CompileString("def f(a, b=1):\n    return print(f'{a}', b)\n", "<standby>",
                              Py_file_input));
  PyErr_Clear();
  // Ready: the supervisor counts the standby as built from here.
  if (::write(standby.stdin_fd, "R", 1) != 1) ::_exit(0);
  std::string message;
  std::vector<int> fds;
  if (!receive_message(standby.stdin_fd, message, &fds)) ::_exit(0);
  ::close(standby.stdin_fd);
  ChildPlan plan = standby;
  StandbyOrder order;
  try {
    if (fds.size() != kStandbyOrderFds) throw std::runtime_error("wrong number of descriptors");
    order = decode_standby_order(message, fds[1]);
  } catch (const std::exception&) {
    fail_setup(standby.error_write, SetupStep::StandbyRun, EPROTO);
  }
  plan.stdin_fd = fds[0];
  plan.box_bytes_fd = fds[1];
  plan.box_files = &order.box_files;
  plan.box_sizes = order.box_sizes;
  plan.limits = order.limits;
  plan.staging_dir = "";  // the root is entered: /box is /box
  finish_standby_payload(plan);
  return order.program_path;
}

int init_main(void* argument) {
  const auto* context = static_cast<const InitContext*>(argument);
  // Init reaps the namespace's processes; the template ignores SIGCHLD.
  // (Dispositions are init's own copy: no CLONE_SIGHAND.)
  if (::signal(SIGCHLD, SIG_DFL) == SIG_ERR) ::_exit(127);
  // Returns in the payload only: confined, or for a standby not yet.
  run_init(*context->plan);
  const std::string program_path =
      context->plan->standby ? take_standby_run(*context->plan) : *context->program_path;
  ::sigprocmask(SIG_SETMASK, &context->signal_mask, nullptr);
  run_program(program_path, context->plan->standby);
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

void serve_one(const std::string& message, std::vector<int>& fds, Template& owner) {
  ChildPlan plan;
  WarmStorage storage;
  try {
    decode_warm_plan(message, fds, plan, storage);
  } catch (const std::exception& error) {
    for (const int fd : fds) ::close(fd);
    reply(false, -1, error.what(), -1);
    return;
  }
  InitStack& stack = plan.standby ? owner.standby_stack : owner.run_stack;
  if (!stack_is_free(stack)) {
    for (const int fd : fds) ::close(fd);
    reply(false, -1, "the init stack is still in use", -1);
    return;
  }
  // Init keeps nothing of ours: not our socket, nor our end of the
  // "forked" pipe, nor the pidfds of other inits.
  plan.keep_closed = {kControl, owner.forked_read};
  for (const int pidfd : {owner.run_stack.last_init, owner.standby_stack.last_init}) {
    if (pidfd >= 0) plan.keep_closed.push_back(pidfd);
  }
  plan.forked_write = owner.forked_write;
  plan.payload_cgroup_directory = storage.cgroup_directory;
  InitContext context{&plan, &owner, &storage.program_path, {}};
  // Init starts with every signal blocked: the interpreter's handlers,
  // which it inherits, would write to the memory it shares with us.
  sigset_t all;
  ::sigfillset(&all);
  ::sigprocmask(SIG_SETMASK, &all, &context.signal_mask);
  int pidfd = -1;
  const int pid = ::clone(init_main, stack.top,
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
  stack.last_init = pidfd;
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
  if (!install_exit_helpers() || !freeze_template_objects()) return 5;
  owner.run_stack.top = allocate_init_stack();
  owner.standby_stack.top = allocate_init_stack();
  int forked[2];
  if (owner.run_stack.top == nullptr || owner.standby_stack.top == nullptr ||
      ::pipe2(forked, O_CLOEXEC) != 0) {
    return 3;
  }
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
