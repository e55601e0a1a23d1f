# MISTAKE: streams line by line (good), but splits each line on "," by hand,
# ignoring CSV quoting: quoted fields containing commas shift the columns,
# quoted regions keep their quotes, and "\r" stays on the last field.
import re
import sys

QUANTITY = re.compile(r"-?[0-9]+")
PRICE = re.compile(r"([0-9]+)(?:\.([0-9]{1,2}))?")

lines = iter(sys.stdin)
header = next(lines, "").rstrip("\n").split(",")
count, cents, invalid = {}, {}, 0
if len(header) > 1:
    ir, iq, ip = header.index("region"), header.index("quantity"), header.index("unit_price")
    for line in lines:
        row = line.rstrip("\n").split(",")
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
