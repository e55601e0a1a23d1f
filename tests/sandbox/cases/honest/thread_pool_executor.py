# expect: OK
# stdout-has: sum of squares = 332833500
# stdout-has: primes below 20000: 2262
# why: concurrent.futures.ThreadPoolExecutor (map and submit/as_completed) works
from concurrent.futures import ThreadPoolExecutor, as_completed


def square(x):
    return x * x


def count_primes(lo, hi):
    return sum(1 for n in range(max(lo, 2), hi) if all(n % d for d in range(2, int(n ** 0.5) + 1)))


with ThreadPoolExecutor(max_workers=4) as pool:
    print("sum of squares =", sum(pool.map(square, range(1000))))
    futures = [pool.submit(count_primes, lo, lo + 5000) for lo in range(0, 20000, 5000)]
    print("primes below 20000:", sum(f.result() for f in as_completed(futures)))
