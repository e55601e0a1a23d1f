# expect: OK
# stdout-has: read back 1000 lines, last: line 999
# stdout-has: appended ok
# why: writing, appending, renaming, reading and deleting files in the working directory works
import os

with open("data.txt", "w") as f:
    for i in range(1000):
        f.write("line %d\n" % i)
with open("data.txt") as f:
    lines = f.read().splitlines()
print("read back", len(lines), "lines, last:", lines[-1])
with open("data.txt", "a") as f:
    f.write("extra\n")
os.rename("data.txt", "renamed.txt")
with open("renamed.txt", "rb") as f:
    f.seek(-6, os.SEEK_END)
    assert f.read() == b"extra\n"
os.makedirs("out/sub", exist_ok=True)
with open("out/sub/x.bin", "wb") as f:
    f.write(bytes(range(256)) * 100)
assert os.path.getsize("out/sub/x.bin") == 25600
os.remove("renamed.txt")
print("appended ok", sorted(os.listdir(".")))
