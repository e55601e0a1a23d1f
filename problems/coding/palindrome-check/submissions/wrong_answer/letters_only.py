# MISTAKE: keeps letters only (isalpha), so digits are dropped although the
# statement says digits count.


def is_palindrome(text):
    cleaned = "".join(ch for ch in text if ch.isalpha()).casefold()
    return cleaned == cleaned[::-1]
