# expect: MEMORY_LIMIT
# args: --memory-mb 128
# why: allocating until memory runs out is stopped at the limit (the cgroup acts before Python can raise MemoryError), even by a program that would catch the error and carry on
import gc

chunks = []
try:
    for _ in range(100000):
        chunks.append(bytearray(1 << 20))
    print("no MemoryError within 100 GiB?")
except MemoryError:
    n = len(chunks)
    chunks.clear()
    gc.collect()
    print("caught MemoryError after about", "many" if n > 32 else "few", "MiB")
again = bytearray(16 << 20)
print("allocated again", len(again) >> 20, "MiB; done")
