def is_alphanumeric(text: str) -> bool:
    if not text:
        return False
    return all(ch.isalpha() or ch.isnumeric() for ch in text)
