# expect: SECURITY_VIOLATION
# detail-has: socket
# stdout-lacks: ESCAPED
# why: an AF_PACKET raw socket (sniffing or forging frames) is forbidden
import socket

MARK = "ESC" + "APED"
ETH_P_ALL = 3
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
print(MARK, "got a packet socket")
