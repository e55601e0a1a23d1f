# MISTAKE: range(1, n) stops one row early, so only n - 1 rows are printed.
n = int(input())
for i in range(1, n):
    print(" ".join(chr(64 + i) * i))
