# expect: OK | SECURITY_VIOLATION
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: kill(-1, SIGKILL) can only reach processes inside the sandbox (none besides the caller); the run still ends with a proper result
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import os
import signal

try:
    os.kill(-1, signal.SIGKILL)
    print("kill(-1, SIGKILL) returned without error")
except OSError as e:
    print("blocked kill(-1):", type(e).__name__)
try:
    os.kill(-1, signal.SIGTERM)
    print("kill(-1, SIGTERM) returned without error")
except OSError as e:
    print("blocked kill(-1):", type(e).__name__)
print("still alive, pid", os.getpid())
