# MISTAKE: decides the direction from the first character only (upper() or
# lower() for the whole string) and crashes on the empty string.
def swap_case(text: str) -> str:
    if text[0].isupper():
        return text.lower()
    return text.upper()
