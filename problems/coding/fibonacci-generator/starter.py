def fibonacci(limit=None):
    """Yield the Fibonacci numbers 0, 1, 1, 2, 3, 5, ... in order.

    With limit=None, yield them forever; otherwise yield every Fibonacci
    number that is <= limit, then stop.

    >>> list(fibonacci(10))
    [0, 1, 1, 2, 3, 5, 8]
    """
    raise NotImplementedError
    yield  # makes this a generator function
