# MISTAKE: sorts the numbers as strings, so "10" comes before "9" and "-5"
# before "-10".
def distinct_sorted(numbers: list[int]) -> list[int]:
    return [int(s) for s in sorted(set(str(n) for n in numbers))]
