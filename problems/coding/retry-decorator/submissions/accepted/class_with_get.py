# A class-based wrapper is fine too, as long as it binds like a function
# (__get__) and copies the metadata.
import functools
import types


class _Retrying:
    def __init__(self, func, times, exceptions):
        functools.update_wrapper(self, func)
        self._func = func
        self._times = times
        self._exceptions = exceptions
        self.attempts = 0

    def __call__(self, *args, **kwargs):
        self.attempts = 0
        last = None
        while self.attempts < self._times:
            self.attempts += 1
            try:
                return self._func(*args, **kwargs)
            except self._exceptions as exc:
                last = exc
        raise last

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return types.MethodType(self, instance)


def retry(times, exceptions=Exception):
    if not times >= 1:
        raise ValueError("times must be >= 1")
    return lambda func: _Retrying(func, times, exceptions)
