# MISTAKE: the loop stops at index 1 (range's stop is exclusive), so the
# first character of the text is lost.


def reverse_string(text):
    out = []
    for i in range(len(text) - 1, 0, -1):
        out.append(text[i])
    return "".join(out)
