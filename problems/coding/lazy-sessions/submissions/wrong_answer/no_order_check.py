# MISTAKE: never checks the order of the timestamps; a timestamp that goes
# backwards gives a negative difference and is silently added to the session.
def sessions(timestamps, gap):
    if gap < 0:
        raise ValueError("gap must be >= 0")
    stream = iter(timestamps)

    def generate():
        start = end = None
        count = 0
        for t in stream:
            if count and t - end > gap:
                yield (start, end, count)
                count = 0
            if count == 0:
                start = t
            end = t
            count += 1
        if count:
            yield (start, end, count)

    return generate()
