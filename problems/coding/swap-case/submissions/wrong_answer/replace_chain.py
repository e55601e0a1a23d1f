# MISTAKE: uses str.replace on the whole string for each letter, so a letter
# that was already swapped gets swapped back when its other-case twin appears
# later ("aA" -> "AA" -> "aa").
def swap_case(text: str) -> str:
    result = text
    for ch in text:
        if ch.islower():
            result = result.replace(ch, ch.upper())
        elif ch.isupper():
            result = result.replace(ch, ch.lower())
    return result
