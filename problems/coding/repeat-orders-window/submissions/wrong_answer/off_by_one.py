# MISTAKE: off by one at the edge of the window: uses `< k` where the
# window includes the position exactly k back.
import sys

data = sys.stdin.read().split()
n, k = int(data[0]), int(data[1])
last = {}
flagged = []
for i, order_id in enumerate(data[2:2 + n], start=1):
    if order_id in last and i - last[order_id] < k:
        flagged.append(i)
    last[order_id] = i
print(len(flagged))
print(*flagged[:20])
