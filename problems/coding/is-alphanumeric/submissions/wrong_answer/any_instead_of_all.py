# MISTAKE: returns True as soon as ONE character is alphanumeric (the guide's
# wording), instead of requiring all of them.
def is_alphanumeric(text: str) -> bool:
    return any(ch.isalnum() for ch in text)
