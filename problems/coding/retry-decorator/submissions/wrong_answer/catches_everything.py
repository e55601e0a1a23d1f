# MISTAKE: ignores the `exceptions` argument and retries on any exception
# (a bare `except:`), so non-matching errors - even KeyboardInterrupt - are
# retried instead of propagating at once.
import functools


def retry(times, exceptions=Exception):
    if times < 1:
        raise ValueError("times must be >= 1")

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for attempt in range(1, times + 1):
                wrapper.attempts = attempt
                try:
                    return func(*args, **kwargs)
                except:  # noqa: E722
                    if attempt == times:
                        raise

        wrapper.attempts = 0
        return wrapper

    return decorator
