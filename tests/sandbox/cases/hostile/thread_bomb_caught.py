# expect: OK
# stdout-has: can't start new thread
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: a thread bomb is stopped by the pid/thread limit (RuntimeError), the program catches it and exits cleanly
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import threading

MARK = "ESC" + "APED"
release = threading.Event()
threads = []
try:
    for i in range(10000):
        t = threading.Thread(target=release.wait, daemon=True)
        t.start()
        threads.append(t)
except RuntimeError as e:
    print("blocked after", len(threads), "threads:", e)
else:
    print(MARK, "started all", len(threads), "threads")
release.set()
for t in threads:
    t.join()
print("joined", len(threads))
