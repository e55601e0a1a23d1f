# expect: OK
# stdout-has: scratch is fresh
# stdout-lacks: LEFTOVER
# why: the working directory and /tmp start empty (nothing from the host or an earlier run, including this case's own marker if run twice)
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
