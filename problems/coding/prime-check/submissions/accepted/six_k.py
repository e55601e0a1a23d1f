from math import isqrt


def is_prime(n: int) -> bool:
    if n < 2:
        return False
    if n < 4:
        return True                 # 2 and 3
    if n % 2 == 0 or n % 3 == 0:
        return False
    # Every prime above 3 is 6k - 1 or 6k + 1.
    limit = isqrt(n)
    d = 5
    while d <= limit:
        if n % d == 0 or n % (d + 2) == 0:
            return False
        d += 6
    return True
