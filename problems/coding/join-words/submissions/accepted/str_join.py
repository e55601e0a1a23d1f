def join_words(items: list, separator: str = " ") -> str:
    return separator.join(map(str, items))
