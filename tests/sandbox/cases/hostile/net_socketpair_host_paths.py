# expect: OK | SECURITY_VIOLATION
# stdout-lacks: ESCAPED
# why: an allowed socketpair(AF_UNIX) socket cannot be redirected (sendto/connect with an address) to host sockets or host abstract names
import socket

MARK = "ESC" + "APED"
targets = ["/run/docker.sock", "/var/run/docker.sock", "/run/systemd/journal/socket",
           "/run/systemd/notify", "/dev/log", "/run/dbus/system_bus_socket",
           "\0/tmp/.X11-unix/X0", "\0/containerd-shim", "\0/org/freedesktop/systemd1/notify"]
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
for path in targets:
    try:
        a.sendto(b"hello", path)
        print(MARK, "sendto reached", repr(path))
    except OSError as e:
        print("blocked sendto", repr(path), type(e).__name__)
for path in targets:
    c, d = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        c.connect(path)
        print(MARK, "connect reached", repr(path))
    except OSError as e:
        print("blocked connect", repr(path), type(e).__name__)
    c.close()
    d.close()
