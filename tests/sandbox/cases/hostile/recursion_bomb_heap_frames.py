# expect: MEMORY_LIMIT
# args: --memory-mb 64
# stdout-lacks: ESCAPED
# why: with the recursion limit at 10**8, pure-Python recursion (frames on the heap in 3.11) grows until the memory limit stops it
import sys

MARK = "ESC" + "APED"
sys.setrecursionlimit(10 ** 8)


def f(n):
    if n == 0:
        return 0
    return f(n - 1) + 1


print(MARK, f(10 ** 7))
