# MISTAKE: remembers only where each id was seen FIRST, so a repeat close to
# a later occurrence is missed once the first one is out of the window.
import sys

data = sys.stdin.read().split()
n, k = int(data[0]), int(data[1])
first = {}
flagged = []
for i, order_id in enumerate(data[2:2 + n], start=1):
    if order_id in first:
        if i - first[order_id] <= k:
            flagged.append(i)
    else:
        first[order_id] = i
print(len(flagged))
print(*flagged[:20])
