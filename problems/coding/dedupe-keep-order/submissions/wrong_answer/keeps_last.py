# MISTAKE: keeps a value only if it does not appear again LATER, which keeps
# the last occurrence instead of the first (and is quadratic).
def remove_duplicates(items: list) -> list:
    return [v for i, v in enumerate(items) if v not in items[i + 1:]]
