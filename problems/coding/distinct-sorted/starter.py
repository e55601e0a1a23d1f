def distinct_sorted(numbers: list[int]) -> list[int]:
    """Return the distinct values of numbers, each once, in ascending order.

    >>> distinct_sorted([10, -2, 3, 10, -2])
    [-2, 3, 10]
    """
    raise NotImplementedError
