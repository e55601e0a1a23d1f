# MISTAKE: appends the separator after every item and then chops off ONE
# character; wrong for separators that are empty or longer than one
# character.
def join_words(items: list, separator: str = " ") -> str:
    result = ""
    for item in items:
        result += str(item) + separator
    return result[:-1]
