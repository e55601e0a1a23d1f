# expect: OK
# stdout-has: terminal query ok
# why: the allowed terminal-query ioctls (isatty/TCGETS, get_terminal_size/TIOCGWINSZ, FIONREAD, FIONBIO, FIOCLEX) work or fail cleanly with ENOTTY
import fcntl
import os
import shutil
import struct
import sys
import termios

print("isatty", [os.isatty(fd) for fd in (0, 1, 2)])
print("terminal size fallback", tuple(shutil.get_terminal_size((80, 24))))
try:
    os.get_terminal_size(1)
except OSError as e:
    print("get_terminal_size on a pipe:", type(e).__name__)
r, w = os.pipe()
os.write(w, b"12345")
n = struct.unpack("i", fcntl.ioctl(r, termios.FIONREAD, struct.pack("i", 0)))[0]
print("FIONREAD", n)
fcntl.ioctl(r, termios.FIONBIO, struct.pack("i", 1))
fcntl.ioctl(r, termios.FIOCLEX)
fcntl.ioctl(r, termios.FIONCLEX)
print("blocking now", os.get_blocking(r), "encoding", sys.stdout.encoding)
print("terminal query ok")
