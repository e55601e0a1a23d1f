# MISTAKE: the guard only rejects numbers below 1, so 1 (which has a single
# positive divisor) is reported as prime.
from math import isqrt


def is_prime(n):
    if n < 1:
        return False
    for d in range(2, isqrt(n) + 1):
        if n % d == 0:
            return False
    return True
