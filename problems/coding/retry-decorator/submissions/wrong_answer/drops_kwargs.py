# MISTAKE: the wrapper only forwards positional arguments, so calls with
# keyword arguments fail with TypeError.
import functools


def retry(times, exceptions=Exception):
    if times < 1:
        raise ValueError("times must be >= 1")

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args):
            for attempt in range(1, times + 1):
                wrapper.attempts = attempt
                try:
                    return func(*args)
                except exceptions:
                    if attempt == times:
                        raise

        wrapper.attempts = 0
        return wrapper

    return decorator
