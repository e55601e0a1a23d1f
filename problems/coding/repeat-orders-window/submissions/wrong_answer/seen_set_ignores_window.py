# MISTAKE: "use a set" taken too literally: flags every id seen before,
# however far back, ignoring the window of k positions.
import sys

data = sys.stdin.read().split()
n, k = int(data[0]), int(data[1])
seen = set()
flagged = []
for i, order_id in enumerate(data[2:2 + n], start=1):
    if order_id in seen and k > 0:
        flagged.append(i)
    seen.add(order_id)
print(len(flagged))
print(*flagged[:20])
