def sessions(timestamps, gap):
    """Group a non-decreasing stream of timestamps into sessions.

    Returns an iterator of (start, end, count). Arguments are checked now;
    the stream itself is only read as the sessions are requested."""
    if gap < 0:
        raise ValueError(f"gap must be >= 0, got {gap}")
    stream = iter(timestamps)        # TypeError now if it is not iterable
    return _sessions(stream, gap)


def _sessions(stream, gap):
    for first in stream:             # at most once: the loop below drains it
        start = end = first
        count = 1
        for t in stream:
            if t < end:
                raise ValueError(f"timestamps go backwards: {t} after {end}")
            if t - end > gap:
                yield (start, end, count)
                start, count = t, 0
            end = t
            count += 1
        yield (start, end, count)
