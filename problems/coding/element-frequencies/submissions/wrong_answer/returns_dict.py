# MISTAKE: returns the dictionary itself (as the interview guide does) although
# the statement asks for a list of [element, count] pairs.


def count_frequencies(items):
    frequency = {}
    for item in items:
        frequency[item] = frequency.get(item, 0) + 1
    return frequency
