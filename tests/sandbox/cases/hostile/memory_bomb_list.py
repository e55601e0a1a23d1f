# expect: MEMORY_LIMIT
# args: --memory-mb 64
# stdout-lacks: ESCAPED
# why: unbounded list growth is stopped at the memory limit
MARK = "ESC" + "APED"
hog = []
for i in range(100000):
    hog.append("x" * (1 << 20))  # 1 MiB per element, 100 GiB in total
print(MARK, "allocated", len(hog), "MiB")
