# expect: SECURITY_VIOLATION
# detail-has: add_key
# stdout-lacks: ESCAPED
# why: add_key (syscall 248, the kernel keyring) is forbidden
import ctypes

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long
KEY_SPEC_PROCESS_KEYRING = -2
payload = b"secret"
args = [ctypes.c_char_p(b"user"), ctypes.c_char_p(b"pysandbox-probe"), ctypes.c_char_p(payload),
        L(len(payload)), L(KEY_SPEC_PROCESS_KEYRING)]
r = libc.syscall(L(248), *args)
print(MARK if r >= 0 else "add_key failed", r, ctypes.get_errno())
