def gcd(a: int, b: int) -> int:
    # depth grows with the number of digits (at most a few hundred here)
    if b == 0:
        return abs(a)
    return gcd(b, a % b)
