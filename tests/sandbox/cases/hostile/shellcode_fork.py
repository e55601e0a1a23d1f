# expect: SECURITY_VIOLATION | OK
# stdout-lacks: ESCAPED
# why: machine code in executable memory issuing a raw fork (syscall 57) is still seen by seccomp; refusing executable memory (prints blocked, OK) is also a valid defence
import ctypes
import os

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
PROT_READ, PROT_WRITE, PROT_EXEC = 1, 2, 4
MAP_PRIVATE, MAP_ANONYMOUS = 0x02, 0x20
MAP_FAILED = ctypes.c_void_p(-1).value

# mov eax, 57 (fork) ; syscall ; ret
code = bytes([0xB8, 57, 0, 0, 0, 0x0F, 0x05, 0xC3])

addr = libc.mmap(None, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
if addr in (None, MAP_FAILED):
    # W^X: try writable first, then flip to executable
    addr = libc.mmap(None, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    if addr in (None, MAP_FAILED):
        print("blocked: no anonymous memory", ctypes.get_errno())
        raise SystemExit(0)
    ctypes.memmove(addr, code, len(code))
    if libc.mprotect(addr, 4096, PROT_READ | PROT_EXEC) != 0:
        print("blocked: no executable memory", ctypes.get_errno())
        raise SystemExit(0)
else:
    ctypes.memmove(addr, code, len(code))
raw_fork = ctypes.CFUNCTYPE(ctypes.c_long)(addr)
pid = raw_fork()
if pid == 0:
    print(MARK, "in child created by raw syscall", flush=True)
    os._exit(0)
if pid > 0:
    print(MARK, "raw fork created pid", pid, flush=True)
else:
    print("raw fork failed", pid)
