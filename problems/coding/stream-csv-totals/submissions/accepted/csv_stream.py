# Stream the rows with csv.reader: only one row is in memory at a time, and
# the per-region totals are kept in integer cents (exact, unlike floats).
import csv
import re
import sys

QUANTITY = re.compile(r"-?[0-9]+")
PRICE = re.compile(r"([0-9]+)(?:\.([0-9]{1,2}))?")


def main():
    rows = csv.reader(sys.stdin)
    header = next(rows, None)
    if header is None:
        print("invalid 0")
        return
    width = len(header)
    i_region = header.index("region")
    i_quantity = header.index("quantity")
    i_price = header.index("unit_price")

    count, cents, invalid = {}, {}, 0
    for row in rows:
        if len(row) != width:
            invalid += 1
            continue
        region, quantity, price = row[i_region], row[i_quantity], row[i_price]
        m = PRICE.fullmatch(price)
        if not region or not QUANTITY.fullmatch(quantity) or not m:
            invalid += 1
            continue
        whole, frac = m.groups()
        price_cents = int(whole) * 100 + int((frac or "0").ljust(2, "0"))
        count[region] = count.get(region, 0) + 1
        cents[region] = cents.get(region, 0) + int(quantity) * price_cents

    for region in sorted(count):
        total = cents[region]
        sign = "-" if total < 0 else ""
        print(f"{region} {count[region]} {sign}{abs(total) // 100}.{abs(total) % 100:02d}")
    print(f"invalid {invalid}")


main()
