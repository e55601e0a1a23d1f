# expect: OK
# stdout-has: strlen 11
# stdout-has: array sum 4950
# why: ctypes can load libc and call harmless functions and build C arrays (no callbacks, which need executable memory)
import ctypes
import os

libc = ctypes.CDLL(None)
libc.strlen.restype = ctypes.c_size_t
libc.strlen.argtypes = [ctypes.c_char_p]
print("strlen", libc.strlen(b"hello world"))
assert libc.getpid() == os.getpid()
arr = (ctypes.c_int * 100)(*range(100))
print("array sum", sum(arr))
