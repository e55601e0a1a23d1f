def is_prime(n: int) -> bool:
    """Return True if n is a prime number (an integer > 1 whose only positive
    divisors are 1 and n), otherwise False."""
    raise NotImplementedError
