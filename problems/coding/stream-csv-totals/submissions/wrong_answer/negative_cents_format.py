# MISTAKE: formats a cent amount with // and % directly; for negative totals
# Python's floor division gives e.g. -40 // 100 == -1 and -40 % 100 == 60,
# so -0.40 is printed as "-1.60".
import csv
import re
import sys

QUANTITY = re.compile(r"-?[0-9]+")
PRICE = re.compile(r"([0-9]+)(?:\.([0-9]{1,2}))?")

rows = csv.reader(sys.stdin)
header = next(rows, None)
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
    print(region, count[region], f"{c // 100}.{c % 100:02d}")
print("invalid", invalid)
