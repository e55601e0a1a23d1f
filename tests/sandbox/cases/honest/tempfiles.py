# expect: OK
# stdout-has: TemporaryFile ok
# stdout-has: NamedTemporaryFile ok
# stdout-has: mkdtemp ok
# stdout-has: TemporaryDirectory ok
# why: the tempfile module works in /tmp (TemporaryFile/O_TMPFILE, NamedTemporaryFile, mkdtemp, TemporaryDirectory, SpooledTemporaryFile)
import os
import shutil
import tempfile

print("tempdir", tempfile.gettempdir())
with tempfile.TemporaryFile() as f:
    f.write(b"hello" * 1000)
    f.seek(0)
    assert f.read() == b"hello" * 1000
print("TemporaryFile ok")
with tempfile.NamedTemporaryFile("w+", suffix=".txt", delete=True) as f:
    f.write("named\n")
    f.flush()
    with open(f.name) as g:
        assert g.read() == "named\n"
    assert f.name.startswith(tempfile.gettempdir())
print("NamedTemporaryFile ok")
d = tempfile.mkdtemp(prefix="work-")
with open(os.path.join(d, "a.txt"), "w") as f:
    f.write("x")
assert os.listdir(d) == ["a.txt"]
shutil.rmtree(d)
print("mkdtemp ok")
with tempfile.TemporaryDirectory() as td:
    os.makedirs(os.path.join(td, "sub", "deeper"))
    assert os.path.isdir(os.path.join(td, "sub", "deeper"))
print("TemporaryDirectory ok")
with tempfile.SpooledTemporaryFile(max_size=100) as f:
    f.write(b"s" * 1000)
    f.seek(0)
    assert len(f.read()) == 1000
print("SpooledTemporaryFile ok")
