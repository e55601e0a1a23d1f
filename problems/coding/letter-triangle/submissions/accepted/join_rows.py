import string

n = int(input())
for i in range(1, n + 1):
    letter = string.ascii_uppercase[i - 1]
    print(" ".join([letter] * i))
