# expect: OK
# args: --memory-mb 128
# stdout-has: caught MemoryError
# stdout-has: done
# why: a program that allocates in small chunks until MemoryError, catches it, frees the memory and continues normally exits OK
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
