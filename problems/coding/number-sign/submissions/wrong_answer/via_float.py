# MISTAKE: converts to float (as the guide does). Numbers with hundreds of
# digits after the decimal point underflow to 0.0 (or -0.0) and are then
# reported as zero.
num = float(input())
if num > 0:
    print("positive")
elif num == 0:
    print("zero")
else:
    print("negative")
