def swap_case(text: str) -> str:
    parts = []
    for ch in text:
        if ch.isupper():
            parts.append(ch.lower())
        elif ch.islower():
            parts.append(ch.upper())
        else:
            parts.append(ch)
    return "".join(parts)
