# expect: RUNTIME_ERROR
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: an uncaught "can't start new thread" from a thread bomb ends the program with an error; the machine survives
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import threading
import time

MARK = "ESC" + "APED"


def spin():
    while True:
        time.sleep(0.05)


for i in range(100000):
    threading.Thread(target=spin, daemon=True).start()
print(MARK, "started 100000 threads")
