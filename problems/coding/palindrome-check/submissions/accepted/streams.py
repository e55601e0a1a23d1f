# Compares the folded text read forwards with the folded text read backwards,
# without building either string. Case folding can turn one character into
# several ("ß" -> "ss"), so the backward stream reverses each folding too.


def is_palindrome(text: str) -> bool:
    forward = (f for ch in text if ch.isalnum() for f in ch.casefold())
    backward = (f for ch in reversed(text) if ch.isalnum() for f in reversed(ch.casefold()))
    return all(a == b for a, b in zip(forward, backward))
