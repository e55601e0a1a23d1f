# MISTAKE: the row loop runs range(1, n), so the widest, last row is missing.
n = int(input())
for i in range(1, n):
    print(" " * (n - i) + " ".join("*" * i))
