# MISTAKE: the base case "if n <= 1: return n" returns 0 for n == 0, but
# 0! is 1.


def factorial(n):
    if n < 0:
        raise ValueError("negative")
    if n <= 1:
        return n
    return n * factorial(n - 1)
