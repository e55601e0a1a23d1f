# MISTAKE: compares SETS of characters, which ignores how many times each
# letter occurs ("aab" and "abb" come out equal).
def are_anagrams(first: str, second: str) -> bool:
    def key(phrase):
        return set("".join(ch for ch in phrase if ch.isalnum()).casefold())

    return key(first) == key(second)
