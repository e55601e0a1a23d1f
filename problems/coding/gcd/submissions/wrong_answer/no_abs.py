# MISTAKE: Euclid's algorithm without taking absolute values. Python's %
# follows the sign of the divisor, so some negative inputs give a negative
# result (gcd(48, -18) returns -6), and gcd(-5, 0) returns -5.
def gcd(a: int, b: int) -> int:
    while b != 0:
        a, b = b, a % b
    return a
