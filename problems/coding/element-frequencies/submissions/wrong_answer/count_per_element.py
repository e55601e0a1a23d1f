# MISTAKE: calls list.count() once per distinct element. The answers are
# right, but the work is O(n * distinct) and the large tests run out of time.


def count_frequencies(items):
    seen = []
    result = []
    for item in items:
        if item not in seen:
            seen.append(item)
            result.append([item, items.count(item)])
    return result
