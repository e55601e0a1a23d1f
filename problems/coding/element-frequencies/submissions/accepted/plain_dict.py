def count_frequencies(items: list) -> list:
    counts = {}
    for element in items:
        counts[element] = counts.get(element, 0) + 1
    return list(counts.items())
