# expect: SECURITY_VIOLATION
# stdout-lacks: ESCAPED
# why: os.system (glibc system(): posix_spawn -> clone(CLONE_VFORK)) is stopped
import os

MARK = "ESC" + "APED"
rc = os.system("echo " + MARK + " from system; id")
print(MARK, "os.system returned", rc)
