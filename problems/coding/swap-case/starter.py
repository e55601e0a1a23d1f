def swap_case(text: str) -> str:
    """Return a copy of text with uppercase letters made lowercase and
    lowercase letters made uppercase; all other characters are unchanged.

    >>> swap_case("Hello, World!")
    'hELLO, wORLD!'
    """
    raise NotImplementedError
