# expect: SECURITY_VIOLATION
# detail-has: setns
# stdout-lacks: ESCAPED
# why: setns(2) (joining another namespace) is forbidden (fd -1 keeps it harmless anywhere)
import ctypes

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.setns.argtypes = [ctypes.c_int, ctypes.c_int]
r = libc.setns(-1, 0)
print(MARK if r == 0 else "setns failed", r, ctypes.get_errno())
