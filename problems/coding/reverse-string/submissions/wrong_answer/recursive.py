# MISTAKE: reverses recursively, one call per character, and every slice
# text[1:] copies the rest of the string. On the long tests this is O(n^2)
# work (it runs out of time) and needs one stack frame per character, far
# beyond Python's recursion limit (RecursionError).


def reverse_string(text):
    if text == "":
        return ""
    return reverse_string(text[1:]) + text[0]
