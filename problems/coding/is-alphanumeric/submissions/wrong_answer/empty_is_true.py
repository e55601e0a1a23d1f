# MISTAKE: forgets the empty string: all() of nothing is True.
def is_alphanumeric(text: str) -> bool:
    return all(ch.isalnum() for ch in text)
