# MISTAKE: gives up by raising a new RuntimeError ("chained" to the real one)
# instead of re-raising the last attempt's own exception.
import functools


def retry(times, exceptions=Exception):
    if times < 1:
        raise ValueError("times must be >= 1")

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            last = None
            for attempt in range(1, times + 1):
                wrapper.attempts = attempt
                try:
                    return func(*args, **kwargs)
                except exceptions as exc:
                    last = exc
            raise RuntimeError(f"gave up after {times} attempts") from last

        wrapper.attempts = 0
        return wrapper

    return decorator
