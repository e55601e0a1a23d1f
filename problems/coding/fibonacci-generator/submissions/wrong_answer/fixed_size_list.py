# MISTAKE: not a generator: builds a list up front and, with no limit,
# arbitrarily stops after 1000 numbers instead of going on forever.
def fibonacci(limit=None):
    result = []
    a, b = 0, 1
    while (limit is None and len(result) < 1000) or (limit is not None and a <= limit):
        result.append(a)
        a, b = b, a + b
    return result
