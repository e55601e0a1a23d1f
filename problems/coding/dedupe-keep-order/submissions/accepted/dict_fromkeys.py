def remove_duplicates(items: list) -> list:
    # dict keys keep insertion order (guaranteed since Python 3.7)
    return list(dict.fromkeys(items))
