# MISTAKE: range(1, n) stops before n, so the function returns (n - 1)!.


def factorial(n):
    if n < 0:
        raise ValueError("negative")
    result = 1
    for k in range(1, n):
        result *= k
    return result
