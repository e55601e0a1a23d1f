# expect: SECURITY_VIOLATION
# stdout-lacks: ESCAPED
# why: os.posix_spawn (clone3 -> ENOSYS -> clone(CLONE_VM|CLONE_VFORK)) is stopped
import os

MARK = "ESC" + "APED"
pid = os.posix_spawn("/usr/bin/python3", ["python3", "-c", "print('" + "ESC" + "' + 'APED')"], {})
print(MARK, "spawned pid", pid, os.waitpid(pid, 0))
