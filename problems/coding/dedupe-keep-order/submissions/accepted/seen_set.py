def remove_duplicates(items: list) -> list:
    seen = set()
    result = []
    for value in items:
        if value not in seen:
            seen.add(value)
            result.append(value)
    return result
