# MISTAKE: reads `times` as "number of RE-tries", so it makes times + 1
# attempts in total.
import functools


def retry(times, exceptions=Exception):
    if times < 1:
        raise ValueError("times must be >= 1")

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            wrapper.attempts = 0
            while True:
                wrapper.attempts += 1
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    if wrapper.attempts > times:
                        raise

        wrapper.attempts = 0
        return wrapper

    return decorator
