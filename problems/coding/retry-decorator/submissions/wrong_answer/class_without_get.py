# MISTAKE: a class-based wrapper without __get__: it is not a descriptor, so
# when it decorates a method, `instance.method(...)` does not pass `self`.
import functools


class Retrying:
    def __init__(self, func, times, exceptions):
        functools.update_wrapper(self, func)
        self.func, self.times, self.exceptions = func, times, exceptions
        self.attempts = 0

    def __call__(self, *args, **kwargs):
        for attempt in range(1, self.times + 1):
            self.attempts = attempt
            try:
                return self.func(*args, **kwargs)
            except self.exceptions:
                if attempt == self.times:
                    raise


def retry(times, exceptions=Exception):
    if times < 1:
        raise ValueError("times must be >= 1")
    return lambda func: Retrying(func, times, exceptions)
