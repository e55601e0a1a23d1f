def sessions(timestamps, gap):
    """Yield (start, end, count) for each session of a non-decreasing stream
    of timestamps; consecutive timestamps at most `gap` apart belong to the
    same session."""
    raise NotImplementedError
