# expect: SECURITY_VIOLATION | RUNTIME_ERROR
# stdout-lacks: ESCAPED
# why: becoming root with setuid(0) fails (PermissionError, uncaught) or the setuid call itself is forbidden
import os

MARK = "ESC" + "APED"
os.setuid(0)
print(MARK, "setuid(0) worked, uid", os.getuid())
