# expect: MEMORY_LIMIT
# args: --memory-mb 64
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: several threads allocating together are limited as one process (the limit is per sandbox, not per thread)
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import sys
import threading

MARK = "ESC" + "APED"
failed = []


def grab():
    hog = []
    try:
        for _ in range(1024):
            hog.append(bytearray(1 << 20))
    except MemoryError:
        failed.append(1)
        raise


threads = [threading.Thread(target=grab) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
if failed:
    sys.exit(1)
print(MARK, "4 threads each held 1 GiB")
