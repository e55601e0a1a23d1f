# MISTAKE: forgets to reject negative input. For n < 0 the loop does not run
# and the function quietly returns 1 instead of raising ValueError.


def factorial(n):
    result = 1
    for k in range(2, n + 1):
        result *= k
    return result
