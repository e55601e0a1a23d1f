def distinct_sorted(numbers: list[int]) -> list[int]:
    return sorted(set(numbers))
