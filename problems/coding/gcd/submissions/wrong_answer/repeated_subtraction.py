# MISTAKE: the guide's repeated-subtraction recursion. Correct for small
# positive numbers only: it never ends for negative inputs and needs about
# max/min steps (RecursionError or timeout) for numbers far apart.
def gcd(a: int, b: int) -> int:
    if a == 0:
        return b
    if b == 0:
        return a
    if a == b:
        return a
    if a > b:
        return gcd(a - b, b)
    return gcd(a, b - a)
