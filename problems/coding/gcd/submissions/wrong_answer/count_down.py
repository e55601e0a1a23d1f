# MISTAKE: tries every candidate divisor from min(|a|, |b|) downwards and
# falls back to 1: wrong whenever one number is 0 (gcd(0, 9) should be 9),
# and hopelessly slow for large numbers.
def gcd(a: int, b: int) -> int:
    a, b = abs(a), abs(b)
    for d in range(min(a, b), 0, -1):
        if a % d == 0 and b % d == 0:
            return d
    return 1
