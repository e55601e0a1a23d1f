from collections import Counter


def _key(phrase: str) -> Counter:
    kept = "".join(ch for ch in phrase if ch.isalnum())
    return Counter(kept.casefold())


def are_anagrams(first: str, second: str) -> bool:
    return _key(first) == _key(second)
