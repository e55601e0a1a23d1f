# expect: RUNTIME_ERROR
# stdout-has: partial output before the error
# why: an uncaught exception is a runtime error; stdout printed before it is kept (the traceback goes to stderr)
print("partial output before the error")


def parse(x):
    return int(x)


parse("not a number")
