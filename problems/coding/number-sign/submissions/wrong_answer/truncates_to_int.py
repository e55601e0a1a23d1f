# MISTAKE: converts with int(float(...)), which truncates the fraction, so
# 0.5 and -0.5 become 0 and are reported as zero.
num = int(float(input()))
if num > 0:
    print("positive")
elif num < 0:
    print("negative")
else:
    print("zero")
