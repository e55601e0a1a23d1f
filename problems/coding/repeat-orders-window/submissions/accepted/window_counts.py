# A sliding window kept as a multiset of the last k ids (a dict of counts),
# updated in O(1) per line: add the id that enters, drop the one that leaves.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    ids = data[2:2 + n]
    counts = {}
    get = counts.get
    total, shown = 0, []
    for i, order_id in enumerate(ids):
        if get(order_id, 0):
            total += 1
            if len(shown) < 20:
                shown.append(i + 1)
        if k:
            counts[order_id] = get(order_id, 0) + 1
            if i >= k:                       # ids[i - k] leaves the window
                leaving = ids[i - k]
                left = counts[leaving] - 1
                if left:
                    counts[leaving] = left
                else:
                    del counts[leaving]
    print(total)
    print(*shown)


main()
