def is_palindrome(text: str) -> bool:
    """Return True if `text` is a palindrome after keeping only the
    characters for which str.isalnum() is True and case-folding them."""
    raise NotImplementedError
