# MISTAKE: only removes repeats that stand next to each other (like Unix
# `uniq`), so a value that comes back later is kept twice.
def remove_duplicates(items: list) -> list:
    result = []
    for value in items:
        if not result or result[-1] != value:
            result.append(value)
    return result
