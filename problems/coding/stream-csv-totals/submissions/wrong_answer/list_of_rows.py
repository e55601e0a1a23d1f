# MISTAKE: materialises every row first - list(csv.reader(sys.stdin)) - and
# aggregates afterwards. A list of 250 000 rows of small strings takes
# hundreds of MB: MemoryError under the 32 MiB limit.
import csv
import sys
from decimal import Decimal, InvalidOperation

rows = list(csv.reader(sys.stdin))
header, body = rows[0], rows[1:]
ir, iq, ip = header.index("region"), header.index("quantity"), header.index("unit_price")
totals = {}
invalid = 0
for row in body:
    ok = len(row) == len(header) and row[ir] != ""
    if ok:
        q, p = row[iq], row[ip]
        ok = (q.lstrip("-").isdigit() and q.count("-") <= 1 and not q.endswith("-")
              and p.replace(".", "", 1).isdigit() and not p.startswith(".")
              and not p.endswith(".") and len(p.partition(".")[2]) <= 2)
    if not ok:
        invalid += 1
        continue
    n, t = totals.get(row[ir], (0, Decimal(0)))
    totals[row[ir]] = (n + 1, t + int(row[iq]) * Decimal(row[ip]))
for region in sorted(totals):
    n, t = totals[region]
    print(region, n, f"{t:.2f}")
print("invalid", invalid)
