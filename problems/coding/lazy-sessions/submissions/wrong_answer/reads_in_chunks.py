# MISTAKE: reads the stream in chunks of 64 "for speed", so it reads up to
# 63 timestamps further than needed before yielding a session (a real
# stream would block waiting for events that have not happened yet).
import itertools


def sessions(timestamps, gap):
    if gap < 0:
        raise ValueError("gap must be >= 0")
    stream = iter(timestamps)

    def generate():
        start = end = None
        count = 0
        while True:
            chunk = list(itertools.islice(stream, 64))
            if not chunk:
                break
            for t in chunk:
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

    return generate()
