# MISTAKE: keeps the last k ids in a deque (no more slicing) but still tests
# membership with `in`, which scans the deque: still O(n*k).
import sys
from collections import deque

data = sys.stdin.read().split()
n, k = int(data[0]), int(data[1])
window = deque(maxlen=k) if k > 0 else None
count, shown = 0, []
for i, order_id in enumerate(data[2:2 + n], start=1):
    if window is not None:
        if order_id in window:
            count += 1
            if len(shown) < 20:
                shown.append(i)
        window.append(order_id)
print(count)
print(*shown)
