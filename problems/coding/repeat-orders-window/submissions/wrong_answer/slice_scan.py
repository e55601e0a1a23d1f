# MISTAKE: the production code from the statement, unchanged: slices and
# scans up to k ids per line, O(n*k). Right answers, but with k near n it
# needs hours on the large tests (limit: 2 s).
import sys


def flagged_positions(ids, k):
    flagged = []
    for i in range(len(ids)):
        if ids[i] in ids[max(0, i - k):i]:
            flagged.append(i + 1)
    return flagged


data = sys.stdin.read().split()
n, k = int(data[0]), int(data[1])
flagged = flagged_positions(data[2:2 + n], k)
print(len(flagged))
print(*flagged[:20])
