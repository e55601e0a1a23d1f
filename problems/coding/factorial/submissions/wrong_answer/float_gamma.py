# MISTAKE: computes n! as the floating-point gamma function. A float keeps
# only about 16 significant digits, so results from 23! onwards are rounded
# (and math.gamma overflows from 171! onwards).
import math


def factorial(n):
    if n < 0:
        raise ValueError("negative")
    return int(round(math.gamma(n + 1)))
