# expect: OK
# stdout-has: blocked
# stdout-lacks: ESCAPED
# why: clone3 is not filtered by argument but quietly fails with ENOSYS, so it cannot create a process
import ctypes
import errno
import os

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


class CloneArgs(ctypes.Structure):
    _fields_ = [(n, ctypes.c_uint64) for n in (
        "flags", "pidfd", "child_tid", "parent_tid", "exit_signal",
        "stack", "stack_size", "tls", "set_tid", "set_tid_size", "cgroup")]


args = CloneArgs()
args.exit_signal = 17  # SIGCHLD, no flags: a plain fork
SYS_clone3 = 435
r = libc.syscall(ctypes.c_long(SYS_clone3), ctypes.byref(args), ctypes.c_long(ctypes.sizeof(args)))
if r == 0:
    print(MARK, "in clone3 child", flush=True)
    os._exit(0)
if r > 0:
    print(MARK, "clone3 created pid", r, flush=True)
else:
    e = ctypes.get_errno()
    print("blocked: clone3 failed with", errno.errorcode.get(e, e))
