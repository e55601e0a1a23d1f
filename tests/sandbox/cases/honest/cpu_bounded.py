# expect: OK
# stdout-has: result 7999999
# stdout-has: primes 148933
# why: a CPU-heavy but bounded computation (~0.5 s) finishes under the default 2 s CPU limit
s = 0
for i in range(4_000_000):
    s += i * i % 7
N = 2_000_000
sieve = bytearray([1]) * (N + 1)
sieve[0:2] = b"\0\0"
for i in range(2, int(N ** 0.5) + 1):
    if sieve[i]:
        sieve[i * i::i] = bytes(len(range(i * i, N + 1, i)))
print("result", s)
print("primes", sum(sieve))
