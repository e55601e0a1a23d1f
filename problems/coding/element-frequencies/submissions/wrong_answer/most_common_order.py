# MISTAKE: most_common() sorts the pairs by count, highest first, instead of
# keeping the order of first appearance.
from collections import Counter


def count_frequencies(items):
    return [list(pair) for pair in Counter(items).most_common()]
