# MISTAKE: prints each star followed by a space (print("*", end=" ")), so a
# row reads "* * *" instead of "***" and ends with a trailing space.
n = int(input())
for i in range(1, n + 1):
    for j in range(i):
        print("*", end=" ")
    print()
