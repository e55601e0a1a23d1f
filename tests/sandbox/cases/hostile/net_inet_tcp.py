# expect: SECURITY_VIOLATION
# detail-has: socket
# stdout-lacks: ESCAPED
# why: creating an AF_INET TCP socket (to connect to a service on 127.0.0.1) is forbidden
import socket

MARK = "ESC" + "APED"
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(1)
for port in (22, 80, 443, 2375, 3306, 5432, 6379, 8080):
    try:
        s.connect(("127.0.0.1", port))
        print(MARK, "connected to port", port)
        break
    except OSError:
        pass
print(MARK, "got an AF_INET socket")
