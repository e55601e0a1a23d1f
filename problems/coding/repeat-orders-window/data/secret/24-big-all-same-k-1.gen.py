# Generator for one secret test of "repeat-orders-window" (trusted author
# code). Its standard output IS the test input (about 5 MB, too large to
# commit); the expected answer is the .ans beside this file.
# Deterministic: fixed seed, no clock, no dependence on hash order.
import random
import sys

SEED = 5
N = 500000
K = 1
MODE = "same"     # pool: ids drawn from a pool of POOL ids
                    # distinct: all ids different
                    # same: one id repeated
                    # periodic: ids repeat with period K+1 (never flagged),
                    #           then with period K (always flagged)
POOL = 0

rng = random.Random(SEED)
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"


def make_id(number):
    """A distinct id for every number: base-63 digits plus a fixed prefix."""
    digits = []
    while True:
        number, r = divmod(number, 63)
        digits.append(ALPHABET[r])
        if number == 0:
            break
    return "OR" + "".join(digits)


def main():
    if MODE == "pool":
        pool = [make_id(rng.randrange(10**9)) for _ in range(POOL)]
        ids = rng.choices(pool, k=N)
    elif MODE == "distinct":
        start = rng.randrange(10**6)
        ids = [make_id(start + i) for i in range(N)]
        rng.shuffle(ids)
    elif MODE == "same":
        ids = ["SAME-ORDER-1"] * N
    else:
        half = N // 2
        a = [make_id(i) for i in range(K + 1)]
        b = [make_id(10**7 + i) for i in range(max(K, 1))]
        ids = [a[i % len(a)] for i in range(half)] + [b[i % len(b)] for i in range(N - half)]
    sys.stdout.write(f"{N} {K}\n" + "\n".join(ids) + "\n")


main()
