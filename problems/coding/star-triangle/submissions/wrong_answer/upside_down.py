# MISTAKE: counts down instead of up, printing the triangle upside down
# (n stars first, one star last).
n = int(input())
for i in range(n, 0, -1):
    print("*" * i)
