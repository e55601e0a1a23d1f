import functools


def retry(times, exceptions=Exception):
    """Return a decorator that calls the decorated function up to `times`
    times in total, retrying only when it raises one of `exceptions`."""
    raise NotImplementedError
