# expect: OK
# stdout-has: no inherited descriptors
# stdout-lacks: ESCAPED
# why: no file descriptor other than 0, 1, 2 is inherited from the sandbox or its caller
import os
import stat

MARK = "ESC" + "APED"
try:
    limit = os.sysconf("SC_OPEN_MAX")
except (ValueError, OSError):
    limit = 1024
limit = max(256, min(limit, 65536))
leaked = []
for fd in range(3, limit):
    try:
        st = os.fstat(fd)
    except OSError:
        continue
    kind = "socket" if stat.S_ISSOCK(st.st_mode) else "fifo" if stat.S_ISFIFO(st.st_mode) else \
        "dir" if stat.S_ISDIR(st.st_mode) else "file" if stat.S_ISREG(st.st_mode) else "other"
    leaked.append((fd, kind, st.st_ino))
if leaked:
    print(MARK, "open descriptors:", leaked)
for fd in (0, 1, 2):
    try:
        st = os.fstat(fd)
        print("fd", fd, "mode", oct(st.st_mode))
    except OSError as e:
        print("fd", fd, "closed", e)
print("no inherited descriptors" if not leaked else "leaked %d" % len(leaked))
