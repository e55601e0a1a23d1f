# expect: OK
# stdout-has: planted
# why: symlinks (and a symlink loop) planted in the working directory with output-like names are harmless: the scratch space is private and discarded, nothing outside follows them
import os

links = {
    "output.txt": "/etc/passwd",
    "answer.txt": "/box/main.py",
    "result.json": "/root/.ssh/id_rsa",
    "expected_output.txt": "/work/main/problems",
    "stdout": "/proc/self/fd/1",
    "report.xml": "../../../../../../etc/shadow",
    "tmp_link": "/tmp",
}
for name, target in links.items():
    os.symlink(target, name)
os.symlink("loop_b", "loop_a")
os.symlink("loop_a", "loop_b")
try:
    os.link("/box/main.py", "main_hardlink.py")
    print("hard link to /box/main.py created (same filesystem)")
except OSError as e:
    print("hard link refused:", type(e).__name__)
for name in sorted(os.listdir(".")):
    # only stat (never open: a link to a pipe such as /proc/self/fd/1 would block)
    target = os.readlink(name) if os.path.islink(name) else "(file)"
    print(name, "->", target, "target exists" if os.path.exists(name) else "dangling")
print("planted", len(links) + 2, "links")
