def flatten(nested: list) -> list:
    """Return a flat list of all non-list elements of `nested`, at any depth,
    in left-to-right order."""
    raise NotImplementedError
