# MISTAKE: only handles the English letters A-Z / a-z (by flipping the ASCII
# code by 32), so accented letters, 'ß', Greek, Cyrillic... are left unchanged.
def swap_case(text: str) -> str:
    out = ""
    for ch in text:
        if "a" <= ch <= "z":
            out += chr(ord(ch) - 32)
        elif "A" <= ch <= "Z":
            out += chr(ord(ch) + 32)
        else:
            out += ch
    return out
