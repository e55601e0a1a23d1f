# expect: SECURITY_VIOLATION
# detail-has: mount
# stdout-lacks: ESCAPED
# why: mount(2) via libc is forbidden (target does not exist, so it is harmless anywhere)
import ctypes

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_void_p]
r = libc.mount(b"tmpfs", b"/nonexistent-pysandbox-mount-target", b"tmpfs", 0, None)
print(MARK if r == 0 else "mount failed", r, ctypes.get_errno())
