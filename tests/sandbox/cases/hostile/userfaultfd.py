# expect: SECURITY_VIOLATION
# detail-has: userfaultfd
# stdout-lacks: ESCAPED
# why: userfaultfd (syscall 323, used to win kernel races) is forbidden
import ctypes

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long
O_CLOEXEC = 0o2000000
args = [L(O_CLOEXEC)]
r = libc.syscall(L(323), *args)
print(MARK if r >= 0 else "userfaultfd failed", r, ctypes.get_errno())
