# expect: OK | SECURITY_VIOLATION
# stdout-lacks: NOT-IN-SANDBOX
# why: SIGKILL/SIGTERM to pid 1 and to the parent can only reach the sandbox's own pid namespace; the supervisor survives and reports normally
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import os
import signal

targets = [1]
ppid = os.getppid()
if ppid > 1:
    targets.append(ppid)
print("pid", os.getpid(), "ppid", ppid, flush=True)
for pid in targets:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, sig)
            print("sent", sig.name, "to", pid, flush=True)
        except OSError as e:
            print("blocked", sig.name, "to", pid, type(e).__name__, flush=True)
print("still alive after signalling init/parent", flush=True)
