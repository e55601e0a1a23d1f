def join_words(items: list, separator: str = " ") -> str:
    """Join the items (strings or integers) into one string, with separator
    between neighbouring items.

    >>> join_words(["Hello", "World", "again"])
    'Hello World again'
    >>> join_words(["2026", 4, 7], separator="-")
    '2026-4-7'
    """
    raise NotImplementedError
