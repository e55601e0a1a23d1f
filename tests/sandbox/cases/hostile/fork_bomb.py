# expect: SECURITY_VIOLATION
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: a classic os.fork() bomb is killed at the very first fork by the seccomp filter
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
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
