# MISTAKE: assumes a set iterates in ascending order (the guide's claim).
# It looks right for small non-negative numbers but not for negatives or
# values larger than the set's internal table.
def distinct_sorted(numbers: list[int]) -> list[int]:
    return list(set(numbers))
