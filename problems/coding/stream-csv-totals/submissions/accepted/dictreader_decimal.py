# The same with csv.DictReader and decimal.Decimal, iterating over the
# binary stream decoded line by line (never the whole input at once).
import csv
import io
import sys
from decimal import Decimal


def is_quantity(text):
    digits = text[1:] if text.startswith("-") else text
    return digits.isascii() and digits.isdigit()


def is_price(text):
    whole, dot, frac = text.partition(".")
    if not (whole.isascii() and whole.isdigit()):
        return False
    return not dot or (1 <= len(frac) <= 2 and frac.isascii() and frac.isdigit())


def main():
    stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="")
    reader = csv.DictReader(stream, restkey="_extra", restval=None)
    totals = {}
    invalid = 0
    for row in reader:
        if "_extra" in row or None in row.values():
            invalid += 1                      # too many or too few fields
            continue
        region, quantity, price = row["region"], row["quantity"], row["unit_price"]
        if not region or not is_quantity(quantity) or not is_price(price):
            invalid += 1
            continue
        n, total = totals.get(region, (0, Decimal(0)))
        totals[region] = (n + 1, total + int(quantity) * Decimal(price))
    for region in sorted(totals):
        n, total = totals[region]
        print(region, n, f"{total:.2f}")
    print("invalid", invalid)


main()
