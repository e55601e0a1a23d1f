# Generator for one secret test of "stream-csv-totals" (trusted author code).
# Its standard output IS the test input; the expected answer is the .ans
# beside this file. Deterministic: a fixed seed, no clock, no hashing order.
import random
import sys

SEED = 77
TARGET_BYTES = 46000000          # stop once this many bytes are written
COLUMNS = ['region', 'quantity', 'unit_price', 'note', 'customer']
LINE_END = "\n"
INVALID_PER_10000 = 900
REGIONS = ['north', 'south', 'east', 'west', 'Iberia', 'apac', 'eu-west-1', 'zone-00', 'zone-01', 'zone-02', 'zone-03', 'zone-04', 'zone-05', 'zone-06', 'zone-07', 'zone-08', 'zone-09', 'zone-10', 'zone-11', 'zone-12', 'zone-13', 'zone-14', 'zone-15', 'zone-16', 'zone-17', 'zone-18', 'zone-19', 'zone-20', 'zone-21', 'zone-22', 'zone-23', 'zone-24', 'zone-25', 'zone-26', 'zone-27', 'zone-28', 'zone-29', 'zone-30', 'zone-31', 'zone-32', 'zone-33', 'zone-34', 'zone-35', 'zone-36', 'zone-37', 'zone-38', 'zone-39']

rng = random.Random(SEED)


def quote(text):
    """CSV-encode a field: quote it when needed, doubling inner quotes."""
    if any(c in text for c in ',"'):
        return '"' + text.replace('"', '""') + '"'
    return text


FIRST = ["Ann", "Bo", "Chidi", "Dana", "Emil", "Fatima", "Goran", "Hana", "Ivo", "Jun",
         "Kai", "Lena", "Mateo", "Noor", "Olga", "Pavel", "Quinn", "Rosa", "Sven", "Tariq"]
LAST = ["Smith", "O'Brien", "Nguyen", "Kowalski", "Dubois", "Okafor", "Haddad", "Silva",
        "Jensen", "Rossi", "Tanaka", "Novak", "Ibrahim", "Murphy", "Weber", "Moreau"]
CUSTOMERS = []
for i in range(400):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    style = i % 4
    if style == 0:
        name = f"{last}, {first}"
    elif style == 1:
        name = f'{first} "{last[:3]}" {last}'
    else:
        name = f"{first} {last}"
    CUSTOMERS.append(quote(name))

WORDS = ("parcel left at door, signed by neighbour, express, gift wrap, fragile, "
         "call before delivery, \"priority\" customer, backorder, split shipment, "
         "invoice attached, 10% discount, re-sent, damaged box, returned, ok").split(" ")
NOTES = []
for i in range(3000):
    n = rng.randint(8, 40)
    NOTES.append(quote(" ".join(rng.choice(WORDS) for _ in range(n))))

BAD_QUANTITY = ["", "N/A", "3.5", "1e3", "ten", "--2"]
BAD_PRICE = ["", "abc", "12.345", "-4.00", "1,5", "$9.99", "7."]


def price_text(cents):
    kind = cents % 5
    if kind == 0 and cents % 100 == 0:
        return str(cents // 100)
    if kind == 1 and cents % 10 == 0:
        return f"{cents // 100}.{(cents % 100) // 10}"
    return f"{cents // 100}.{cents % 100:02d}"


def main():
    out = sys.stdout
    buf = [",".join(COLUMNS) + LINE_END]
    written = 0
    order_id = 100000
    ts = 1_700_000_000
    while written < TARGET_BYTES:
        for _ in range(1000):
            order_id += 1
            ts += rng.randint(0, 90)
            region = rng.choice(REGIONS)
            if rng.random() < 0.05:
                region = '"' + region + '"'          # needlessly quoted, still valid
            quantity = str(rng.randint(1, 40) if rng.random() < 0.97 else -rng.randint(1, 5))
            price = price_text(rng.randint(1, 250000))
            fields = {
                "order_id": str(order_id),
                "created_at": str(ts),
                "customer": rng.choice(CUSTOMERS),
                "region": region,
                "quantity": quantity,
                "unit_price": price,
                "note": rng.choice(NOTES),
                "sku": f"SKU-{rng.randint(1, 99999):05d}",
            }
            row = [fields[c] for c in COLUMNS]
            if rng.randrange(10000) < INVALID_PER_10000:
                kind = rng.randrange(4)
                if kind == 0:
                    row[COLUMNS.index("quantity")] = rng.choice(BAD_QUANTITY)
                elif kind == 1:
                    row[COLUMNS.index("unit_price")] = rng.choice(BAD_PRICE)
                elif kind == 2:
                    row.pop()                         # a field is missing
                else:
                    row[COLUMNS.index("region")] = ""
            buf.append(",".join(row) + LINE_END)
        chunk = "".join(buf)
        buf = []
        out.write(chunk)
        written += len(chunk)


main()
