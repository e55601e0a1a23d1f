# expect: OUTPUT_LIMIT
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: writing a 64 MiB file into /tmp exceeds the 16 MiB scratch quota
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
MARK = "ESC" + "APED"
block = b"T" * (1 << 20)
with open("/tmp/big.bin", "wb") as f:
    for i in range(64):
        f.write(block)
        f.flush()
print(MARK, "wrote 64 MiB into /tmp")
