# expect: OK
# stdout-has: used 100 MiB, touched 25600 pages, 1000000 ints
# why: using about 100 MB of memory (every page touched) under the default 256 MiB limit works
big = bytearray(100 << 20)
for i in range(0, len(big), 4096):
    big[i] = 1
ints = list(range(1_000_000))
print("used", len(big) >> 20, "MiB, touched", sum(big[::4096]), "pages,", len(ints), "ints")
