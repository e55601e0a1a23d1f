# expect: SECURITY_VIOLATION
# detail-has: init_module
# stdout-lacks: ESCAPED
# why: init_module (syscall 175, loading kernel code) is forbidden (an empty image is harmless anywhere)
import ctypes

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long
image = ctypes.create_string_buffer(64)
args = [image, L(0), ctypes.c_char_p(b"")]
r = libc.syscall(L(175), *args)
print(MARK if r >= 0 else "init_module failed", r, ctypes.get_errno())
