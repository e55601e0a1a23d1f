# expect: MEMORY_LIMIT
# args: --memory-mb 64
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: a single 1 GiB zero-filled bytearray (memset touches every page) is refused or killed
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
MARK = "ESC" + "APED"
big = bytearray(1 << 30)
big[-1] = 1
print(MARK, "have", len(big), "bytes")
