# expect: SECURITY_VIOLATION
# detail-has: ioctl
# stdout-lacks: ESCAPED
# why: ioctls outside the terminal-query allow-list (TIOCLINUX, TIOCSWINSZ, TIOCSCTTY) are forbidden
import fcntl
import struct
import termios

MARK = "ESC" + "APED"
TIOCLINUX = 0x541C
for fd in (0, 1, 2):
    try:
        fcntl.ioctl(fd, TIOCLINUX, b"\x0b")
        print(MARK, "TIOCLINUX on fd", fd)
    except OSError as e:
        print("TIOCLINUX failed:", e)
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 1, 1, 0, 0))
        print(MARK, "TIOCSWINSZ on fd", fd)
    except OSError as e:
        print("TIOCSWINSZ failed:", e)
    try:
        fcntl.ioctl(fd, termios.TIOCSCTTY, 1)
        print(MARK, "TIOCSCTTY on fd", fd)
    except OSError as e:
        print("TIOCSCTTY failed:", e)
