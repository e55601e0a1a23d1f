# MISTAKE: prints the letters of a row glued together ("CCC" instead of
# "C C C").
n = int(input())
for i in range(1, n + 1):
    print(chr(64 + i) * i)
