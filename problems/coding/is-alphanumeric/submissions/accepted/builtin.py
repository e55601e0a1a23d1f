def is_alphanumeric(text: str) -> bool:
    return text.isalnum()
