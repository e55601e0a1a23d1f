# MISTAKE: pushes each list's items onto a stack in their original order and
# pops from the end, so the elements come out in the wrong order.


def flatten(nested):
    flat = []
    stack = list(nested)
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        else:
            flat.append(item)
    return flat
