# expect: MEMORY_LIMIT | RUNTIME_ERROR
# args: --memory-mb 64
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: with the recursion limit at 10**8, pure-Python recursion (frames on the heap in 3.11) grows until the memory limit stops it (cgroup kill = MEMORY_LIMIT; with an rlimit CPython 3.11 fails the frame push with SystemError, not MemoryError = RUNTIME_ERROR)
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import sys

MARK = "ESC" + "APED"
sys.setrecursionlimit(10 ** 8)


def f(n):
    if n == 0:
        return 0
    return f(n - 1) + 1


print(MARK, f(10 ** 7))
