# expect: OK
# stdout-has: anonymous mmap ok
# stdout-has: file mmap ok
# why: the mmap module works for anonymous memory and for files in the working directory
import mmap

m = mmap.mmap(-1, 1 << 20)
m[:5] = b"hello"
m.seek(0)
assert m.read(5) == b"hello"
m.close()
print("anonymous mmap ok")
with open("mapped.bin", "wb") as f:
    f.write(b"\0" * 65536)
with open("mapped.bin", "r+b") as f:
    m = mmap.mmap(f.fileno(), 0)
    m[100:105] = b"world"
    m.flush()
    m.close()
with open("mapped.bin", "rb") as f:
    f.seek(100)
    assert f.read(5) == b"world"
print("file mmap ok")
