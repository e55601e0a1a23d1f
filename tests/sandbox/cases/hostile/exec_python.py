# expect: SECURITY_VIOLATION
# detail-has: execve
# stdout-lacks: ESCAPED
# why: even re-executing python3 itself (without -I -S, new flags) is forbidden after start
import os

os.execv("/usr/bin/python3", ["python3", "-c", "print('ESC' + 'APED')"])
