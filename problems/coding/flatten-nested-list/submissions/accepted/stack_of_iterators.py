# Keeps one iterator per list that is currently open, so the depth of the
# nesting costs heap memory, not Python call-stack frames.


def flatten(nested: list) -> list:
    flat = []
    stack = [iter(nested)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, list):
                stack.append(iter(item))
                break
            flat.append(item)
        else:
            stack.pop()          # this list is exhausted
    return flat
