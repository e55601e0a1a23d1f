# MISTAKE: when every attempt fails, the loop just ends and the wrapper
# returns None instead of re-raising the last exception.
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
                except exceptions as exc:
                    print(f"attempt {attempt} failed: {exc!r}")

        wrapper.attempts = 0
        return wrapper

    return decorator
