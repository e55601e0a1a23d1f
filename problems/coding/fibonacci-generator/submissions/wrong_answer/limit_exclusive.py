# MISTAKE: stops BEFORE the limit (p < limit, as in the guide's example)
# instead of including a Fibonacci number equal to the limit.
def fibonacci(limit=None):
    p, q = 0, 1
    while limit is None or p < limit:
        yield p
        p, q = q, p + q
