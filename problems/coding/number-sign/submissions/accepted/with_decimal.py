from decimal import Decimal

value = Decimal(input().strip())  # exact: no rounding when parsing
if value > 0:
    print("positive")
elif value < 0:
    print("negative")
else:
    print("zero")
