# expect: OK
# stdout-has: blocked
# stdout-lacks: ESCAPED
# stdout-lacks: NOT-IN-SANDBOX
# why: the standard library (sources, bytecode caches, site hooks) is read-only, so no later run can be poisoned
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import os

MARK = "ESC" + "APED"
targets = [
    "/usr/lib/python3.11/os.py",
    "/usr/lib/python3.11/__pycache__/os.cpython-311.pyc",
    "/usr/lib/python3.11/json/__init__.py",
    "/usr/lib/python3.11/sitecustomize.py",
    "/usr/lib/python3.11/usercustomize.py",
    "/usr/lib/python3.11/__pycache__/evil.cpython-311.pyc",
    "/usr/lib/python3/dist-packages/evil.pth",
    "/usr/lib/python3.11/lib-dynload/evil.so",
]
for path in targets:
    try:
        with open(path, "a") as f:
            f.write("\nprint('ESC' + 'APED')\n")
        print(MARK, "modified", path)
    except OSError as e:
        print("blocked", path, type(e).__name__)
import json
import importlib
importlib.reload(json)
print("json still works:", json.dumps({"ok": True}))
