# expect: MEMORY_LIMIT
# args: --memory-mb 64
# stdout-lacks: ESCAPED
# why: a single 1 GiB zero-filled bytearray (memset touches every page) is refused or killed
MARK = "ESC" + "APED"
big = bytearray(1 << 30)
big[-1] = 1
print(MARK, "have", len(big), "bytes")
