# expect: OUTPUT_LIMIT | RUNTIME_ERROR
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: a 1 GiB sparse file filled through a shared mmap cannot get past the scratch quota (EFBIG on truncate, or SIGBUS when tmpfs is full)
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import mmap

MARK = "ESC" + "APED"
size = 1 << 30
with open("sparse.bin", "w+b") as f:
    f.truncate(size)
    m = mmap.mmap(f.fileno(), size)
    for off in range(0, 64 << 20, mmap.PAGESIZE):
        m[off] = 0x41
    m.flush()
print(MARK, "filled 64 MiB of a sparse file through mmap")
