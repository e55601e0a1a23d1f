import sys

n = int(sys.stdin.read())
lines = []
for row in range(n):
    letter = chr(ord("A") + row)
    lines.append(" ".join(letter for _ in range(row + 1)))
sys.stdout.write("\n".join(lines) + "\n")
