from collections import Counter


def count_frequencies(items: list) -> list:
    # Counter keeps keys in insertion order, i.e. order of first appearance.
    return [[element, count] for element, count in Counter(items).items()]
