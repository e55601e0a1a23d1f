def join_words(items: list, separator: str = " ") -> str:
    parts = []
    for index, item in enumerate(items):
        if index > 0:
            parts.append(separator)
        parts.append(str(item))
    return "".join(parts)
