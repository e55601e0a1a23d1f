# MISTAKE: hard-codes the column positions of the sample (region, quantity,
# unit_price = columns 2, 3, 4) instead of finding them in the header.
import csv
import re
import sys

QUANTITY = re.compile(r"-?[0-9]+")
PRICE = re.compile(r"([0-9]+)(?:\.([0-9]{1,2}))?")

rows = csv.reader(sys.stdin)
header = next(rows, [])
count, cents, invalid = {}, {}, 0
for row in rows:
    if len(row) != len(header):
        invalid += 1
        continue
    region, quantity, price_text = row[2], row[3], row[4]
    m = PRICE.fullmatch(price_text)
    if not region or not QUANTITY.fullmatch(quantity) or not m:
        invalid += 1
        continue
    price = int(m.group(1)) * 100 + int((m.group(2) or "0").ljust(2, "0"))
    count[region] = count.get(region, 0) + 1
    cents[region] = cents.get(region, 0) + int(quantity) * price
for region in sorted(count):
    c = cents[region]
    print(region, count[region], f"{'-' if c < 0 else ''}{abs(c) // 100}.{abs(c) % 100:02d}")
print("invalid", invalid)
