# MISTAKE: does not validate `times`; retry(0) quietly builds a decorator
# whose wrapper never calls the function and returns None.
import functools


def retry(times, exceptions=Exception):
    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            wrapper.attempts = 0
            for attempt in range(1, times + 1):
                wrapper.attempts = attempt
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    if attempt == times:
                        raise

        wrapper.attempts = 0
        return wrapper

    return decorator
