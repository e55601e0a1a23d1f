# MISTAKE: opens up everything that is Iterable instead of only lists. A
# string is iterable, so "ab" is opened into "a" and "b", and a one-character
# string yields itself again and again until RecursionError. (Being
# recursive, it also fails on deep nesting.)
from collections.abc import Iterable


def flatten(nested):
    flat = []
    for item in nested:
        if isinstance(item, Iterable):
            flat.extend(flatten(item))
        else:
            flat.append(item)
    return flat
