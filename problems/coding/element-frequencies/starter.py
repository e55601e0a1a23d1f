def count_frequencies(items: list) -> list:
    """Return [element, count] pairs, one per distinct element of `items`,
    in order of first appearance."""
    raise NotImplementedError
