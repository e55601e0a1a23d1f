# MISTAKE: an ASCII-only regular expression removes every non-ASCII letter,
# so Cyrillic, Greek or Chinese text is reduced to nothing (or to its ASCII
# remainder) before the comparison.
import re


def is_palindrome(text):
    cleaned = re.sub(r"[^a-z0-9]", "", text.lower())
    return cleaned == cleaned[::-1]
