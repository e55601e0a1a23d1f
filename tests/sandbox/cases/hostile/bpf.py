# expect: SECURITY_VIOLATION
# detail-has: bpf
# stdout-lacks: ESCAPED
# why: bpf (syscall 321) is forbidden (a zeroed BPF_MAP_CREATE attribute, harmless anywhere)
import ctypes

MARK = "ESC" + "APED"
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long
attr = ctypes.create_string_buffer(128)  # union bpf_attr, zeroed -> invalid map
BPF_MAP_CREATE = 0
args = [L(BPF_MAP_CREATE), attr, L(ctypes.sizeof(attr))]
r = libc.syscall(L(321), *args)
print(MARK if r >= 0 else "bpf failed", r, ctypes.get_errno())
