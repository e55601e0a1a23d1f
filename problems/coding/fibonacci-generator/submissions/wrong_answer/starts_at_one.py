# MISTAKE: starts the sequence at 1, 1 and so leaves out the leading 0.
def fibonacci(limit=None):
    a, b = 1, 1
    while limit is None or a <= limit:
        yield a
        a, b = b, a + b
