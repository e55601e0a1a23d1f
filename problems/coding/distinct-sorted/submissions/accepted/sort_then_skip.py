def distinct_sorted(numbers: list[int]) -> list[int]:
    result = []
    for value in sorted(numbers):
        if not result or result[-1] != value:
            result.append(value)
    return result
