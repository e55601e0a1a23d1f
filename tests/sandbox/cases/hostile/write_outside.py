# expect: OK
# stdout-has: blocked
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: nothing outside the scratch directories can be created or modified: /usr, /box (incl. main.py), /, /etc, /dev, /lib, /bin
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import os

MARK = "ESC" + "APED"
targets = ["/usr/pwned", "/usr/bin/pwned", "/usr/lib/pwned.so", "/usr/lib/python3.11/pwned.py",
           "/box/pwned", "/box/main.py", "/pwned", "/etc/pwned", "/etc/ld.so.preload",
           "/dev/pwned", "/lib/pwned", "/bin/pwned", "/lib64/pwned", "/var/pwned"]
for path in targets:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
        os.write(fd, b"# pwned\n")
        os.close(fd)
        print(MARK, "wrote", path)
    except OSError as e:
        print("blocked", path, type(e).__name__)
for d in ("/newdir", "/usr/newdir", "/box/newdir", "/etc/newdir"):
    try:
        os.mkdir(d)
        print(MARK, "created directory", d)
    except OSError as e:
        print("blocked mkdir", d, type(e).__name__)
