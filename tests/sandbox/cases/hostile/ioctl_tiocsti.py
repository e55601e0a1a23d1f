# expect: SECURITY_VIOLATION
# detail-has: ioctl
# stdout-lacks: ESCAPED
# why: TIOCSTI (pushing keystrokes into a controlling terminal) is not an allowed ioctl
import fcntl
import termios

MARK = "ESC" + "APED"
for fd in (0, 1, 2):
    for ch in b"id\n":
        try:
            fcntl.ioctl(fd, termios.TIOCSTI, bytes([ch]))
            print(MARK, "injected into fd", fd)
        except OSError as e:
            print("TIOCSTI on fd", fd, "failed:", e)
