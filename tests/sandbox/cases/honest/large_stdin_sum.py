# expect: OK
# stdin-repeat: 200000 12345
# stdout-has: lines 200000 sum 2469000000
# why: a large stdin (200000 lines, ~1.2 MB) is delivered completely and can be read quickly
import sys

total = 0
lines = 0
for line in sys.stdin.buffer:
    total += int(line)
    lines += 1
print("lines", lines, "sum", total)
