# MISTAKE: the interview guide's recursion with no check for negative input.
# factorial(-1) calls factorial(-2), factorial(-3), ... and never reaches the
# base case, so it dies with RecursionError instead of raising ValueError.


def factorial(n):
    if n == 0:
        return 1
    return n * factorial(n - 1)
