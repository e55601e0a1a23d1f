# expect: SECURITY_VIOLATION
# detail-has: unshare
# stdout-lacks: ESCAPED
# why: unshare(CLONE_NEWUSER|CLONE_NEWNS) (to gain capabilities in a nested namespace) is forbidden
import ctypes

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.unshare.argtypes = [ctypes.c_int]
CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
r = libc.unshare(CLONE_NEWUSER | CLONE_NEWNS)
print(MARK if r == 0 else "unshare failed", r, ctypes.get_errno())
