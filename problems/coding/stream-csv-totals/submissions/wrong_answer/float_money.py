# MISTAKE: adds money up in binary floats; with large amounts the rounding
# errors reach the cents and the printed revenue is off.
import csv, re, sys
QUANTITY = re.compile(r"-?[0-9]+")
PRICE = re.compile(r"[0-9]+(\.[0-9]{1,2})?")
rows = csv.reader(sys.stdin)
header = next(rows, None)
count, tot, invalid = {}, {}, 0
if header:
    ir, iq, ip = header.index("region"), header.index("quantity"), header.index("unit_price")
    for row in rows:
        if len(row) != len(header) or not row[ir] or not QUANTITY.fullmatch(row[iq]) or not PRICE.fullmatch(row[ip]):
            invalid += 1
            continue
        count[row[ir]] = count.get(row[ir], 0) + 1
        tot[row[ir]] = tot.get(row[ir], 0.0) + int(row[iq]) * float(row[ip])
for r in sorted(count):
    print(r, count[r], f"{tot[r]:.2f}")
print("invalid", invalid)
