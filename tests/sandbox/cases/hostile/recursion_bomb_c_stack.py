# expect: RUNTIME_ERROR | MEMORY_LIMIT
# why: with the recursion limit at 10**6, recursion through C code (map/next) overflows the C stack: SIGSEGV (runtime error with a signal) or, with an unlimited stack, the memory limit
import sys

sys.setrecursionlimit(10 ** 6)


def f(n):
    return next(map(f, (n + 1,)))


f(0)
