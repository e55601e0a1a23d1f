# MISTAKE: range() excludes its stop value, so the square root itself is never
# tried as a divisor: squares of primes (4, 25, 49, 999983**2) come out prime.
from math import isqrt


def is_prime(n):
    if n < 2:
        return False
    for d in range(2, isqrt(n)):
        if n % d == 0:
            return False
    return True
