def reverse_string(text: str) -> str:
    """Return `text` with its code points in reverse order."""
    raise NotImplementedError
