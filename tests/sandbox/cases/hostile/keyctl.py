# expect: SECURITY_VIOLATION
# detail-has: keyctl
# stdout-lacks: ESCAPED
# why: keyctl (syscall 250, the kernel keyring) is forbidden
import ctypes

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long
KEYCTL_GET_KEYRING_ID = 0
KEY_SPEC_SESSION_KEYRING = -3
args = [L(KEYCTL_GET_KEYRING_ID), L(KEY_SPEC_SESSION_KEYRING), L(0)]
r = libc.syscall(L(250), *args)
print(MARK if r >= 0 else "keyctl failed", r, ctypes.get_errno())
