# MISTAKE: only removes spaces and lowercases; punctuation is still compared
# and str.lower() misses case foldings such as 'ß' -> 'ss'.
def are_anagrams(first: str, second: str) -> bool:
    a = first.replace(" ", "").lower()
    b = second.replace(" ", "").lower()
    return sorted(a) == sorted(b)
