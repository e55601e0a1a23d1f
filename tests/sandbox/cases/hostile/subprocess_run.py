# expect: SECURITY_VIOLATION
# stdout-lacks: ESCAPED
# why: subprocess (vfork/clone+exec) cannot start another program
import subprocess

MARK = "ESC" + "APED"
r = subprocess.run(["/bin/sh", "-c", "echo " + MARK + " from shell"], capture_output=True)
print(MARK, "subprocess returned", r.returncode, r.stdout)
