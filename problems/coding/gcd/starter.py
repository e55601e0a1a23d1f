def gcd(a: int, b: int) -> int:
    """Return the greatest common divisor of a and b (always >= 0;
    gcd(0, 0) == 0).

    >>> gcd(98, 56)
    14
    """
    raise NotImplementedError
