# A stack of pending items, top = next item in reading order. Lists are
# pushed back in reverse so that their first element comes out first.


def flatten(nested: list) -> list:
    flat = []
    pending = list(reversed(nested))
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            pending.extend(reversed(item))
        else:
            flat.append(item)
    return flat
