# MISTAKE: uses lower() instead of casefold(). lower() leaves "ß" as one
# character (so "Maß, sam!" is not recognised) and, applied to a whole word,
# turns a final capital sigma into "ς" instead of "σ".


def is_palindrome(text):
    cleaned = "".join(ch for ch in text if ch.isalnum()).lower()
    return cleaned == cleaned[::-1]
