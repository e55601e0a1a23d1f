# MISTAKE: sorts the pairs by element. The order is wrong whenever the first
# appearances are not already sorted, and sorting a mix of int and str
# elements raises TypeError.
from collections import Counter


def count_frequencies(items):
    return sorted(Counter(items).items())
