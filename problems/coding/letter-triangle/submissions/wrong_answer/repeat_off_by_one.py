# MISTAKE: off-by-one in the repeat count: row i (from 0) gets i copies
# instead of i + 1, so the first row is empty and every row is one short.
n = int(input())
for i in range(n):
    print(" ".join(chr(65 + i) * i))
