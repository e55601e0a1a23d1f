# MISTAKE: uses Fermat's little theorem with base 2 as if it were a proof of
# primality. Pseudoprimes such as 341 = 11 * 31 and 561 = 3 * 11 * 17 pass the
# test although they are composite.


def is_prime(n):
    if n < 2:
        return False
    if n in (2, 3):
        return True
    if n % 2 == 0:
        return False
    return pow(2, n - 1, n) == 1
