def swap_case(text: str) -> str:
    return text.swapcase()
