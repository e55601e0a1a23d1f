import sys

n = int(sys.stdin.read().strip())
rows = []
for i in range(1, n + 1):
    row = " " * (n - i) + "*" + " *" * (i - 1)
    rows.append(row)
sys.stdout.write("\n".join(rows) + "\n")
