# expect: SECURITY_VIOLATION
# detail-has: pivot_root
# stdout-lacks: ESCAPED
# why: pivot_root (syscall 155) is forbidden (nonexistent paths keep it harmless anywhere)
import ctypes

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long
args = [ctypes.c_char_p(b"/nonexistent-pysandbox-new-root"), ctypes.c_char_p(b"/nonexistent-pysandbox-put-old")]
r = libc.syscall(L(155), *args)
print(MARK if r >= 0 else "pivot_root failed", r, ctypes.get_errno())
