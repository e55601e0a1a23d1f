# expect: SECURITY_VIOLATION
# detail-has: ptrace
# stdout-lacks: ESCAPED
# why: ptrace (here the harmless PTRACE_TRACEME via libc) is forbidden
import ctypes

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.restype = ctypes.c_long
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
PTRACE_TRACEME = 0
r = libc.ptrace(PTRACE_TRACEME, 0, None, None)
print(MARK if r == 0 else "ptrace failed", r, ctypes.get_errno())
