def is_alphanumeric(text: str) -> bool:
    """Return True if text is non-empty and every character is a letter or
    a digit (Unicode rules, as str.isalnum), else False.

    >>> is_alphanumeric("Hello123")
    True
    >>> is_alphanumeric("")
    False
    """
    raise NotImplementedError
