# expect: MEMORY_LIMIT
# args: --memory-mb 64
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: catching MemoryError and squeezing out more memory in smaller chunks still ends as MEMORY_LIMIT (killed, or exits non-zero after MemoryError)
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import sys

MARK = "ESC" + "APED"
hog = []
chunk = 16 << 20
total = 0
while chunk >= 4096:
    try:
        hog.append(bytearray(chunk))
        total += chunk
        if total > (1 << 30):
            break
    except MemoryError:
        chunk //= 2  # keep what we have and try smaller pieces
if total > (1 << 30):
    print(MARK, "got more than 1 GiB")
sys.exit(1)
