# expect: OK
# stdout-has: urandom 32 bytes
# stdout-has: seeded 655 115 26
# stdout-has: secrets ok
# why: os.urandom, random (seeded and OS-seeded), secrets and uuid4 work (getrandom / /dev/urandom available)
import os
import random
import secrets
import uuid

b = os.urandom(32)
print("urandom", len(b), "bytes")
r = random.Random(42)
print("seeded", r.randint(1, 1000), r.randint(1, 1000), r.randint(1, 1000))
sysrand = random.SystemRandom()
assert 0 <= sysrand.random() < 1
random.seed()
random.shuffle(list(range(100)))
tok = secrets.token_hex(16)
assert len(tok) == 32 and len(secrets.token_bytes(8)) == 8
assert secrets.randbelow(10) < 10
assert secrets.compare_digest("a", "a")
u = uuid.uuid4()
assert u.version == 4
with open("/dev/urandom", "rb") as f:
    assert len(f.read(16)) == 16
print("secrets ok")
