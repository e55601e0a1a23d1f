# expect: SECURITY_VIOLATION
# detail-has: swapon
# stdout-lacks: ESCAPED
# why: swapon(2) is forbidden (a nonexistent path keeps it harmless anywhere)
import ctypes

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.swapon.argtypes = [ctypes.c_char_p, ctypes.c_int]
r = libc.swapon(b"/nonexistent-pysandbox-swapfile", 0)
print(MARK if r == 0 else "swapon failed", r, ctypes.get_errno())
