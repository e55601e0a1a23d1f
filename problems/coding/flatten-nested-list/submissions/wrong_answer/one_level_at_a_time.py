# MISTAKE: removes one level of nesting per pass and repeats until nothing is
# nested any more. Correct, but every pass copies the whole list, so a
# structure that is deep AND wide needs O(depth * size) time: too slow.


def flatten(nested):
    current = list(nested)
    while any(isinstance(item, list) for item in current):
        next_level = []
        for item in current:
            if isinstance(item, list):
                next_level.extend(item)
            else:
                next_level.append(item)
        current = next_level
    return current
