# expect: OUTPUT_LIMIT | RUNTIME_ERROR
# stdout-lacks: ESCAPED
# why: a 1 GiB sparse file filled through a shared mmap cannot get past the scratch quota (EFBIG on truncate, or SIGBUS when tmpfs is full)
import mmap

MARK = "ESC" + "APED"
size = 1 << 30
with open("sparse.bin", "w+b") as f:
    f.truncate(size)
    m = mmap.mmap(f.fileno(), size)
    for off in range(0, 64 << 20, mmap.PAGESIZE):
        m[off] = 0x41
    m.flush()
print(MARK, "filled 64 MiB of a sparse file through mmap")
