# expect: SECURITY_VIOLATION
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: the double-fork + setsid daemon trick (an orphan that outlives the run) dies at the first fork
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import os
import time

MARK = "ESC" + "APED"
pid = os.fork()
if pid == 0:
    os.setsid()
    if os.fork() == 0:
        # a detached grandchild that would try to survive the sandbox
        print(MARK, "daemon alive", flush=True)
        for _ in range(600):
            time.sleep(1)
    os._exit(0)
print(MARK, "parent after fork", flush=True)
