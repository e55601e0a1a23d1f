# expect: OK | SECURITY_VIOLATION
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: metadata changes outside scratch (unlink, rename, chmod, chown, utime, symlink, hard link) all fail
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import os

MARK = "ESC" + "APED"
attempts = [
    ("unlink /box/main.py", lambda: os.unlink("/box/main.py")),
    ("rename main.py", lambda: os.rename("/box/main.py", "/box/moved.py")),
    ("rename python3", lambda: os.rename("/usr/bin/python3", "/usr/bin/python3.bak")),
    ("chmod main.py", lambda: os.chmod("/box/main.py", 0o777)),
    ("chmod python3", lambda: os.chmod("/usr/bin/python3", 0o4777)),
    ("chown main.py", lambda: os.chown("/box/main.py", os.getuid(), os.getgid())),
    ("utime os.py", lambda: os.utime("/usr/lib/python3.11/os.py", (0, 0))),
    ("symlink in /usr", lambda: os.symlink("/tmp", "/usr/lib/python3.11/evil")),
    ("hard link main.py into /usr", lambda: os.link("/box/main.py", "/usr/evil.py")),
    ("rmdir /box", lambda: os.rmdir("/box")),
    ("unlink /dev/null", lambda: os.unlink("/dev/null")),
]
for name, fn in attempts:
    try:
        fn()
        print(MARK, name)
    except OSError as e:
        print("blocked", name, type(e).__name__)
