# expect: SECURITY_VIOLATION
# stdout-lacks: ESCAPED
# why: a classic os.fork() bomb is killed at the very first fork by the seccomp filter
import os
import time

MARK = "ESC" + "APED"
# Bounded exponential bomb (2**10 processes if nothing stopped it).
for _ in range(10):
    try:
        os.fork()
    except OSError:
        break
print(MARK, "fork succeeded in pid", os.getpid(), flush=True)
time.sleep(0.5)
os._exit(0)
