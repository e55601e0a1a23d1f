import sys

text = sys.stdin.read().strip()
sign = -1 if text.startswith("-") else 1
digits = text.lstrip("+-").replace(".", "")
if digits.strip("0") == "":
    print("zero")
elif sign > 0:
    print("positive")
else:
    print("negative")
