def are_anagrams(first: str, second: str) -> bool:
    """Return True if the letters and digits of first and second are the
    same, with the same counts, ignoring case (casefold) and ignoring every
    other character.

    >>> are_anagrams("Dormitory", "dirty room!")
    True
    """
    raise NotImplementedError
