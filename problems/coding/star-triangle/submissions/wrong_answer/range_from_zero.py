# MISTAKE: off-by-one: loops over range(n) and prints i stars, so the first
# row is empty and the last row (n stars) is missing.
n = int(input())
for i in range(n):
    print("*" * i)
