# expect: SECURITY_VIOLATION
# detail-has: io_uring_setup
# stdout-lacks: ESCAPED
# why: io_uring_setup (syscall 425, a large kernel attack surface) is forbidden
import ctypes

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long
params = ctypes.create_string_buffer(120)  # struct io_uring_params, zeroed
args = [L(8), params]
r = libc.syscall(L(425), *args)
print(MARK if r >= 0 else "io_uring_setup failed", r, ctypes.get_errno())
