# expect: RUNTIME_ERROR
# why: unbounded recursion under the default recursion limit ends with RecursionError
def f(n):
    return f(n + 1) + 1


f(0)
