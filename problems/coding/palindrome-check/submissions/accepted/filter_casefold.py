def is_palindrome(text: str) -> bool:
    kept = "".join(ch for ch in text if ch.isalnum()).casefold()
    return kept == kept[::-1]
