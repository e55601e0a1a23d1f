# MISTAKE: calls str.join directly, which raises TypeError as soon as an
# item is an integer.
def join_words(items: list, separator: str = " ") -> str:
    return separator.join(items)
