# expect: SECURITY_VIOLATION
# detail-has: personality
# stdout-lacks: ESCAPED
# why: personality(2) (e.g. ADDR_NO_RANDOMIZE to switch off ASLR) is forbidden
import ctypes

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.personality.argtypes = [ctypes.c_ulong]
ADDR_NO_RANDOMIZE = 0x0040000
r = libc.personality(ADDR_NO_RANDOMIZE)
print(MARK if r != -1 else "personality failed", r, ctypes.get_errno())
