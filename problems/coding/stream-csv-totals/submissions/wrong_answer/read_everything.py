# MISTAKE: reads the whole input into one string first (sys.stdin.read()),
# then parses it. Correct on small inputs, but a 50 MB input needs well over
# 100 MB (the text, plus its decoded copy) and dies with MemoryError under
# the 32 MiB limit.
import csv
import io
import re
import sys

QUANTITY = re.compile(r"-?[0-9]+")
PRICE = re.compile(r"([0-9]+)(?:\.([0-9]{1,2}))?")

data = sys.stdin.read()
rows = csv.reader(io.StringIO(data))
header = next(rows, None) or []
count, cents, invalid = {}, {}, 0
if header:
    ir, iq, ip = header.index("region"), header.index("quantity"), header.index("unit_price")
    for row in rows:
        if len(row) != len(header):
            invalid += 1
            continue
        m = PRICE.fullmatch(row[ip])
        if not row[ir] or not QUANTITY.fullmatch(row[iq]) or not m:
            invalid += 1
            continue
        price = int(m.group(1)) * 100 + int((m.group(2) or "0").ljust(2, "0"))
        count[row[ir]] = count.get(row[ir], 0) + 1
        cents[row[ir]] = cents.get(row[ir], 0) + int(row[iq]) * price
for region in sorted(count):
    c = cents[region]
    print(region, count[region], f"{'-' if c < 0 else ''}{abs(c) // 100}.{abs(c) % 100:02d}")
print("invalid", invalid)
