# expect: SECURITY_VIOLATION | RUNTIME_ERROR
# stdout-lacks: ESCAPED
# why: changing the hostname fails (EPERM) or is forbidden; it sets the current name again so it is harmless anywhere
import socket

MARK = "ESC" + "APED"
name = socket.gethostname()
socket.sethostname(name)
print(MARK, "sethostname worked for", name)
