# expect: SECURITY_VIOLATION
# detail-has: clone
# stdout-lacks: ESCAPED
# why: a raw clone(SIGCHLD) system call (a fork without the libc wrapper) is stopped
import ctypes
import os

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
SYS_clone = 56
SIGCHLD = 17
r = libc.syscall(ctypes.c_long(SYS_clone), ctypes.c_long(SIGCHLD), ctypes.c_long(0),
                 ctypes.c_long(0), ctypes.c_long(0), ctypes.c_long(0))
if r == 0:
    print(MARK, "in raw-cloned child", flush=True)
    os._exit(0)
if r > 0:
    print(MARK, "raw clone created pid", r, flush=True)
else:
    print("clone failed, errno", ctypes.get_errno())
