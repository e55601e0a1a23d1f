# expect: OK | SECURITY_VIOLATION
# stdout-lacks: ESCAPED
# why: kill(-1, SIGKILL) can only reach processes inside the sandbox (none besides the caller); the run still ends with a proper result
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
