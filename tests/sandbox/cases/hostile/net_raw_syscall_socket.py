# expect: SECURITY_VIOLATION
# detail-has: socket
# stdout-lacks: ESCAPED
# why: calling socket(2) directly through libc syscall() (bypassing Python's socket module) is stopped too
import ctypes

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
SYS_socket = 41
AF_INET, SOCK_STREAM = 2, 1
fd = libc.syscall(ctypes.c_long(SYS_socket), ctypes.c_long(AF_INET), ctypes.c_long(SOCK_STREAM), ctypes.c_long(0))
if fd >= 0:
    print(MARK, "raw socket fd", fd)
else:
    print("socket failed, errno", ctypes.get_errno())
