# MISTAKE: tries every divisor up to n - 1 instead of stopping at the square
# root. Correct, but a prime near 10**12 needs about 10**12 divisions, so the
# large tests run out of time.


def is_prime(n):
    if n < 2:
        return False
    for d in range(2, n):
        if n % d == 0:
            return False
    return True
