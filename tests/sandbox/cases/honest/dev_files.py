# expect: OK
# stdout-has: zero 4096 null ok urandom 64
# why: the allowed device files /dev/null, /dev/zero, /dev/urandom, /dev/random work
with open("/dev/zero", "rb") as f:
    z = f.read(4096)
assert z == b"\0" * 4096
with open("/dev/null", "wb") as f:
    f.write(b"discarded" * 1000)
with open("/dev/null", "rb") as f:
    assert f.read() == b""
with open("/dev/urandom", "rb") as f:
    u = f.read(64)
with open("/dev/random", "rb") as f:
    assert len(f.read(16)) == 16
print("zero", len(z), "null ok urandom", len(u))
