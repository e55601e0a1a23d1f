# expect: SECURITY_VIOLATION
# detail-has: chroot
# stdout-lacks: ESCAPED
# why: the classic chroot-break (chroot into a subdirectory, then chdir .. and chroot .) dies at the first chroot
import os

MARK = "ESC" + "APED"
os.makedirs("jail", exist_ok=True)
keep = os.open(".", os.O_RDONLY)
os.chroot("jail")
os.fchdir(keep)
for _ in range(64):
    os.chdir("..")
os.chroot(".")
print(MARK, "broke out of chroot, / now holds", sorted(os.listdir("/"))[:20])
