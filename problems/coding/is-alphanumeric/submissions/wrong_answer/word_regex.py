# MISTAKE: uses the regex class \w, which matches every alphanumeric
# character but ALSO the underscore '_', so "snake_case" is accepted.
import re


def is_alphanumeric(text: str) -> bool:
    return re.fullmatch(r"\w+", text) is not None
