# MISTAKE: builds the complete list of sessions and returns it. Fine for a
# small list, but it reads the whole input first (never finishing on an
# endless stream) and the result is a list, not an iterator.
def sessions(timestamps, gap):
    if gap < 0:
        raise ValueError("gap must be >= 0")
    result = []
    for t in timestamps:
        if result and t < result[-1][1]:
            raise ValueError("timestamps go backwards")
        if result and t - result[-1][1] <= gap:
            start, _, count = result[-1]
            result[-1] = (start, t, count + 1)
        else:
            result.append((t, t, 1))
    return result
