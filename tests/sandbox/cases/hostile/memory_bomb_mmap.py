# expect: MEMORY_LIMIT | RUNTIME_ERROR
# args: --memory-mb 64
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: an anonymous 1 GiB mmap whose pages are touched one by one cannot get past the limit (OOM kill, or mmap refused with ENOMEM as an OSError)
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import mmap

MARK = "ESC" + "APED"
size = 1 << 30
m = mmap.mmap(-1, size)
for off in range(0, size, mmap.PAGESIZE):
    m[off] = 1
print(MARK, "touched 1 GiB")
