# expect: RUNTIME_ERROR | SECURITY_VIOLATION
# stdout-lacks: ESCAPED
# why: an AF_UNIX socket to reach host services (docker, containerd, dbus, systemd, X11) cannot even be created
import socket

MARK = "ESC" + "APED"
targets = ["/run/docker.sock", "/var/run/docker.sock", "/run/containerd/containerd.sock",
           "/run/dbus/system_bus_socket", "/run/systemd/private", "/run/systemd/journal/socket",
           "/tmp/.X11-unix/X0", "/dev/log", "\0/tmp/.X11-unix/X0"]
for path in targets:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
        print(MARK, "connected to", repr(path))
    except OSError as e:
        print("cannot connect to", repr(path), e)
    s.close()
print(MARK, "was able to create AF_UNIX sockets")
