# MISTAKE: compares the sorted raw strings (the guide's version), so letter
# case, spaces and punctuation all count.
def are_anagrams(first: str, second: str) -> bool:
    return sorted(first) == sorted(second)
