import itertools


def _forever():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


def fibonacci(limit=None):
    numbers = _forever()
    if limit is not None:
        numbers = itertools.takewhile(lambda n: n <= limit, numbers)
    yield from numbers
