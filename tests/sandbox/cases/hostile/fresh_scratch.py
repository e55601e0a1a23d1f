# expect: OK
# stdout-has: scratch is fresh
# stdout-lacks: LEFTOVER
# stdout-lacks: NOT-IN-SANDBOX
# why: the working directory and /tmp start empty (nothing from the host or an earlier run, including this case's own marker if run twice)
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import os

LEFTOVER = "LEFT" + "OVER"
cwd = os.getcwd()
print("cwd", cwd)
for d in sorted({cwd, "/tmp"}):
    entries = os.listdir(d)
    if entries:
        print(LEFTOVER, d, sorted(entries)[:50])
for d in (cwd, "/tmp"):
    with open(os.path.join(d, "persist_marker_from_previous_run"), "w") as f:
        f.write("if you can read this in another run, scratch space is reused\n")
print("scratch is fresh")
