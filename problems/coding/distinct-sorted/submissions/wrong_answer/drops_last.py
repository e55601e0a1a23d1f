# MISTAKE: off-by-one when comparing neighbours in the sorted list: the last
# value is never appended (and one-element lists come back empty).
def distinct_sorted(numbers: list[int]) -> list[int]:
    ordered = sorted(numbers)
    result = []
    for i in range(len(ordered) - 1):
        if ordered[i] != ordered[i + 1]:
            result.append(ordered[i])
    return result
