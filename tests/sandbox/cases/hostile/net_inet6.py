# expect: SECURITY_VIOLATION
# detail-has: socket
# stdout-lacks: ESCAPED
# why: creating an AF_INET6 socket is forbidden
import socket

MARK = "ESC" + "APED"
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.settimeout(1)
try:
    s.connect(("::1", 80))
    print(MARK, "connected to [::1]:80")
except OSError as e:
    print(MARK, "got an AF_INET6 socket:", e)
