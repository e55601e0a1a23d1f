from functools import reduce
from operator import mul


def factorial(n: int) -> int:
    if n < 0:
        raise ValueError(f"factorial({n}) is undefined: n must be >= 0")
    return reduce(mul, range(1, n + 1), 1)
