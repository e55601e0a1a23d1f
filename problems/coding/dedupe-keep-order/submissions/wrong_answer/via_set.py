# MISTAKE: converts to a set and back, as the guide suggests; the set loses
# the original order, so the values come back in hash order.
def remove_duplicates(items: list) -> list:
    return list(set(items))
