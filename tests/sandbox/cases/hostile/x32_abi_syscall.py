# expect: SECURITY_VIOLATION | OK
# stdout-lacks: ESCAPED
# why: system call numbers with the x32 bit (0x40000000 | 57 = x32 fork) cannot slip past the filter: killed as a foreign ABI, or ENOSYS where the kernel has no x32 (prints blocked)
import ctypes
import os

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
X32_SYSCALL_BIT = 0x40000000
for nr in (57, 41):  # fork, socket
    args = [ctypes.c_long(X32_SYSCALL_BIT | nr)]
    if nr == 41:
        args += [ctypes.c_long(2), ctypes.c_long(1), ctypes.c_long(0)]  # AF_INET, SOCK_STREAM
    r = libc.syscall(*args)
    if r == 0 and nr == 57:
        print(MARK, "in child created by x32 fork", flush=True)
        os._exit(0)
    if r >= 0:
        print(MARK, "x32 syscall", nr, "returned", r, flush=True)
    else:
        print("blocked: x32 syscall", nr, "errno", ctypes.get_errno())
