# MISTAKE: normalises ids (int() when numeric, lower-case otherwise), so
# "007" equals "7" and "A7" equals "a7" - ids must be compared exactly.
import sys

data = sys.stdin.read().split()
n, k = int(data[0]), int(data[1])
last = {}
flagged = []
for i, raw in enumerate(data[2:2 + n], start=1):
    order_id = int(raw) if raw.isdigit() else raw.lower()
    if order_id in last and i - last[order_id] <= k:
        flagged.append(i)
    last[order_id] = i
print(len(flagged))
print(*flagged[:20])
