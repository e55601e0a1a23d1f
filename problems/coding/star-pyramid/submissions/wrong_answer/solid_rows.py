# MISTAKE: prints the stars of a row without the separating spaces
# ("***" instead of "* * *").
n = int(input())
for i in range(1, n + 1):
    print(" " * (n - i) + "*" * i)
