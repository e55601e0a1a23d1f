# expect: MEMORY_LIMIT
# args: --memory-mb 64
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: raising rlimits (hard limits cannot be raised; soft up to hard is allowed) does not lift the memory limit
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import resource

MARK = "ESC" + "APED"
for name in ("RLIMIT_AS", "RLIMIT_DATA", "RLIMIT_RSS", "RLIMIT_STACK", "RLIMIT_NPROC", "RLIMIT_MEMLOCK"):
    res = getattr(resource, name)
    soft, hard = resource.getrlimit(res)
    try:
        resource.setrlimit(res, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        print(name, "raised to infinity (hard was", hard, ")")
    except (ValueError, OSError) as e:
        print(name, "cannot raise hard limit:", e)
        try:
            resource.setrlimit(res, (hard, hard))
            print(name, "soft raised to hard", hard)
        except (ValueError, OSError) as e2:
            print(name, "cannot raise soft limit:", e2)
hog = []
for i in range(100000):
    hog.append(bytearray(1 << 20))
print(MARK, "allocated", len(hog), "MiB")
