# expect: RUNTIME_ERROR | OK | SECURITY_VIOLATION
# why: SIGKILL to our own process group / session must not reach the supervisor: at most the program kills itself (or, as namespace init, is immune); the result is still a proper verdict
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
