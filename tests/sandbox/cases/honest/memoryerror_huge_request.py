# expect: OK
# stdout-has: caught MemoryError for a 1 TiB request
# stdout-has: done
# why: one impossible allocation (1 TiB, refused at once by the address-space limit or the kernel) raises MemoryError without using memory; caught, the program continues normally
try:
    huge = bytearray(1 << 40)
    print("allocated 1 TiB?", len(huge))
except MemoryError:
    print("caught MemoryError for a 1 TiB request")
data = [bytearray(1 << 20) for _ in range(16)]
print("allocated", len(data), "MiB afterwards; done")
