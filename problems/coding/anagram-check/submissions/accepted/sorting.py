def are_anagrams(first: str, second: str) -> bool:
    def key(phrase):
        return sorted("".join(filter(str.isalnum, phrase)).casefold())

    return key(first) == key(second)
