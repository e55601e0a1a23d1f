# MISTAKE: checks for a leading minus sign BEFORE checking for zero, so
# "-0" and "-0.0" are reported as negative.
text = input().strip()
if text.startswith("-"):
    print("negative")
elif text.lstrip("+").replace(".", "").strip("0") == "":
    print("zero")
else:
    print("positive")
