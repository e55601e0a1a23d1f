# MISTAKE: only accepts the ASCII letters and digits A-Z, a-z, 0-9, so
# accented letters, other scripts and other digits are rejected.
import re


def is_alphanumeric(text: str) -> bool:
    return re.fullmatch(r"[A-Za-z0-9]+", text) is not None
