# expect: SECURITY_VIOLATION
# detail-has: perf_event_open
# stdout-lacks: ESCAPED
# why: perf_event_open (syscall 298, side channels and kernel bugs) is forbidden
import ctypes

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long
attr = ctypes.create_string_buffer(128)  # struct perf_event_attr, zeroed (size 0 -> invalid)
args = [attr, L(0), L(-1), L(-1), L(0)]
r = libc.syscall(L(298), *args)
print(MARK if r >= 0 else "perf_event_open failed", r, ctypes.get_errno())
