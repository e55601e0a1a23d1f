# Remember where each id was seen last: a position is flagged when the
# previous occurrence of its id is at most k positions back. One dict
# lookup per line: O(n) instead of the O(n*k) slice scan.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    last = {}
    never = -k - 1                  # "seen" so far back that it never counts
    get = last.get
    flagged = []
    for i, order_id in enumerate(data[2:2 + n], 1):
        if i - get(order_id, never) <= k:
            flagged.append(i)
        last[order_id] = i
    print(len(flagged))
    print(*flagged[:20])


main()
