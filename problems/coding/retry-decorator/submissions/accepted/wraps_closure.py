import functools


def retry(times, exceptions=Exception):
    """Decorator factory: call the function up to `times` times in total,
    retrying only when it raises one of `exceptions`."""
    if times < 1:
        raise ValueError(f"times must be at least 1, got {times!r}")

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for attempt in range(1, times + 1):
                wrapper.attempts = attempt
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    if attempt == times:
                        raise          # re-raise the last attempt's own exception

        wrapper.attempts = 0
        return wrapper

    return decorator
