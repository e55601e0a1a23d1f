# MISTAKE: reverses the UTF-8 bytes instead of the characters. Every
# character outside ASCII is made of several bytes whose order gets
# scrambled; errors="ignore" then silently drops the broken sequences.


def reverse_string(text):
    return text.encode("utf-8")[::-1].decode("utf-8", errors="ignore")
