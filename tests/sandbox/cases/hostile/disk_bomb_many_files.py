# expect: OUTPUT_LIMIT | RUNTIME_ERROR
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: many 1 MiB files (each under any per-file size limit) together cannot exceed the scratch quota; the disk fills (ENOSPC) first
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import os

MARK = "ESC" + "APED"
block = b"M" * (1 << 20)
os.makedirs("many", exist_ok=True)
for i in range(48):
    base = "many" if i % 2 == 0 else "/tmp"
    with open(os.path.join(base, "part%03d.bin" % i), "wb") as f:
        f.write(block)
print(MARK, "wrote 48 MiB in 48 files")
