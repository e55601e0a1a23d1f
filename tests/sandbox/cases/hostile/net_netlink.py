# expect: SECURITY_VIOLATION
# detail-has: socket
# stdout-lacks: ESCAPED
# why: an AF_NETLINK socket (to list interfaces or talk to the kernel) is forbidden
import socket

MARK = "ESC" + "APED"
NETLINK_ROUTE = 0
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_ROUTE)
s.bind((0, 0))
print(MARK, "got a netlink socket", s.getsockname())
