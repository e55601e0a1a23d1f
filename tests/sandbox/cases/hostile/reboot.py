# expect: SECURITY_VIOLATION
# detail-has: reboot
# stdout-lacks: ESCAPED
# why: reboot (syscall 169) is forbidden (wrong magic numbers keep it harmless anywhere)
import ctypes

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long
args = [L(0), L(0), L(0), ctypes.c_void_p(None)]
r = libc.syscall(L(169), *args)
print(MARK if r >= 0 else "reboot failed", r, ctypes.get_errno())
