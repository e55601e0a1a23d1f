# MISTAKE: tries to skip empty lists with "if not item", which also throws
# away every falsy element: 0, "", False and None disappear from the result.


def flatten(nested):
    flat = []
    pending = list(reversed(nested))
    while pending:
        item = pending.pop()
        if not item:
            continue
        if isinstance(item, list):
            pending.extend(reversed(item))
        else:
            flat.append(item)
    return flat
