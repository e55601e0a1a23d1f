# expect: RUNTIME_ERROR | OK | SECURITY_VIOLATION
# stdout-lacks: NOT-IN-SANDBOX
# why: SIGKILL to our own process group / session must not reach the supervisor: at most the program kills itself (or, as namespace init, is immune); the result is still a proper verdict
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import os
import signal

print("pgid", os.getpgrp(), "sid", os.getsid(0), flush=True)
try:
    os.killpg(os.getpgrp(), signal.SIGKILL)
except OSError as e:
    print("killpg failed:", type(e).__name__, flush=True)
try:
    os.kill(0, signal.SIGKILL)
except OSError as e:
    print("kill(0) failed:", type(e).__name__, flush=True)
print("survived signalling own process group", flush=True)
