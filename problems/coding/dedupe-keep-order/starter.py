def remove_duplicates(items: list) -> list:
    """Return the distinct values of items, each once, in order of first
    appearance.

    >>> remove_duplicates([3, 6, 7, 9, 2, 3, 7, 1])
    [3, 6, 7, 9, 2, 1]
    """
    raise NotImplementedError
