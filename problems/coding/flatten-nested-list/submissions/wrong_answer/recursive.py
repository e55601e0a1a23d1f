# MISTAKE: the interview guide's recursive version. It is correct for shallow
# lists, but needs one stack frame per level of nesting, so 100 000 levels
# end in RecursionError (and each level copies everything below it again).


def flatten(nested):
    flat = []
    for item in nested:
        if isinstance(item, list):
            flat.extend(flatten(item))
        else:
            flat.append(item)
    return flat
