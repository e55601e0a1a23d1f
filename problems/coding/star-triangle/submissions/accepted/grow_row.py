import sys

n = int(sys.stdin.readline())
row = ""
out = []
for _ in range(n):
    row += "*"
    out.append(row)
print("\n".join(out))
