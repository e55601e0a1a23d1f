# expect: SECURITY_VIOLATION
# detail-has: kexec_load
# stdout-lacks: ESCAPED
# why: kexec_load (syscall 246) is forbidden (invalid flags keep it harmless anywhere)
import ctypes

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long
args = [L(0), L(0), ctypes.c_void_p(None), L(0xFFFFFFFF)]
r = libc.syscall(L(246), *args)
print(MARK if r >= 0 else "kexec_load failed", r, ctypes.get_errno())
