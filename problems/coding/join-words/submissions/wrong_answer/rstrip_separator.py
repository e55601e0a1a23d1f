# MISTAKE: removes the trailing separator with rstrip, which strips
# characters (not a suffix) and so also eats matching characters at the end
# of the last item, or several empty items.
def join_words(items: list, separator: str = " ") -> str:
    result = ""
    for item in items:
        result += str(item) + separator
    return result.rstrip(separator) if separator else result
