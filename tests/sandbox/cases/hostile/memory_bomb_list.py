# expect: MEMORY_LIMIT
# args: --memory-mb 64
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: unbounded list growth is stopped at the memory limit
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
MARK = "ESC" + "APED"
hog = []
for i in range(100000):
    hog.append("x" * (1 << 20))  # 1 MiB per element, 100 GiB in total
print(MARK, "allocated", len(hog), "MiB")
