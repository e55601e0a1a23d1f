# MISTAKE: calls next() on `timestamps` directly, assuming it is already an
# iterator; a plain list (an iterable, not an iterator) raises TypeError.
def sessions(timestamps, gap):
    if gap < 0:
        raise ValueError("gap must be >= 0")

    def generate():
        try:
            first = next(timestamps)
        except StopIteration:
            return
        start = end = first
        count = 1
        for t in timestamps:
            if t < end:
                raise ValueError("timestamps go backwards")
            if t - end > gap:
                yield (start, end, count)
                start, count = t, 0
            end = t
            count += 1
        yield (start, end, count)

    return generate()
