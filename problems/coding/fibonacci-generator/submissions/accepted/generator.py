def fibonacci(limit=None):
    current, following = 0, 1
    while limit is None or current <= limit:
        yield current
        current, following = following, current + following
