# MISTAKE: mixes up two pyramid styles: puts 2*i - 1 stars on row i AND
# separates them with spaces, so every row from the second on has too many
# stars.
n = int(input())
for i in range(1, n + 1):
    print(" " * (n - i) + " ".join("*" * (2 * i - 1)))
