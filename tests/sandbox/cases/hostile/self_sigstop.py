# expect: TIME_LIMIT | OK
# args: --cpu-ms 500 --wall-ms 1500
# stdout-lacks: NOT-IN-SANDBOX
# why: a program that stops itself with SIGSTOP is still ended at the wall limit (a stopped process can be SIGKILLed); as pid-namespace init the signal is ignored and it just finishes
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import os
import signal

print("stopping myself", flush=True)
os.kill(os.getpid(), signal.SIGSTOP)
print("continued after SIGSTOP (pid-namespace init ignores it)", flush=True)
