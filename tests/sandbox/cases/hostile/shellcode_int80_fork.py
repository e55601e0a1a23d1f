# expect: SECURITY_VIOLATION | RUNTIME_ERROR | OK
# stdout-lacks: ESCAPED
# why: the 32-bit system call gate (int 0x80, where fork is number 2) cannot bypass a filter written for x86-64 numbers: killed as a foreign ABI; a kernel without IA32 emulation faults (SIGSEGV); refusing executable memory (OK, prints blocked) is also fine
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

# mov eax, 2 (i386 fork) ; int 0x80 ; movsxd rax, eax ; ret
code = bytes([0xB8, 2, 0, 0, 0, 0xCD, 0x80, 0x48, 0x63, 0xC0, 0xC3])

addr = libc.mmap(None, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
if addr in (None, MAP_FAILED):
    print("blocked: no anonymous memory", ctypes.get_errno())
    raise SystemExit(0)
ctypes.memmove(addr, code, len(code))
if libc.mprotect(addr, 4096, PROT_READ | PROT_EXEC) != 0:
    print("blocked: no executable memory", ctypes.get_errno())
    raise SystemExit(0)
pid = ctypes.CFUNCTYPE(ctypes.c_long)(addr)()
if pid == 0:
    print(MARK, "in child created through int 0x80", flush=True)
    os._exit(0)
if pid > 0:
    print(MARK, "int 0x80 fork created pid", pid, flush=True)
else:
    print("blocked: int 0x80 fork returned", pid)
