# expect: SECURITY_VIOLATION
# detail-has: execve
# stdout-lacks: ESCAPED
# why: replacing the process image with a shell (os.execv) is forbidden after start
import os

MARK = "ESC" + "APED"
os.execv("/bin/sh", ["sh", "-c", "echo " + MARK + " shell; cat /etc/passwd"])
