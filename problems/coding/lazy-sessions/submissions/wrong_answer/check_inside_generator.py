# MISTAKE: one generator function with the argument check at its top. A
# generator's body only starts at the first next(), so sessions(ts, -1)
# raises nothing at the call - the error appears later, far from its cause.
def sessions(timestamps, gap):
    if gap < 0:
        raise ValueError("gap must be >= 0")
    start = end = None
    count = 0
    for t in timestamps:
        if count and t < end:
            raise ValueError("timestamps go backwards")
        if count and t - end > gap:
            yield (start, end, count)
            count = 0
        if count == 0:
            start = t
        end = t
        count += 1
    if count:
        yield (start, end, count)
