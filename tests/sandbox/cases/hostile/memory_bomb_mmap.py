# expect: MEMORY_LIMIT | RUNTIME_ERROR
# args: --memory-mb 64
# stdout-lacks: ESCAPED
# why: an anonymous 1 GiB mmap whose pages are touched one by one cannot get past the limit (OOM kill, or mmap refused with ENOMEM as an OSError)
import mmap

MARK = "ESC" + "APED"
size = 1 << 30
m = mmap.mmap(-1, size)
for off in range(0, size, mmap.PAGESIZE):
    m[off] = 1
print(MARK, "touched 1 GiB")
