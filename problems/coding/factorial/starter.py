def factorial(n: int) -> int:
    """Return n! = 1 * 2 * ... * n, with factorial(0) == 1.

    Raise ValueError if n is negative.
    """
    raise NotImplementedError
