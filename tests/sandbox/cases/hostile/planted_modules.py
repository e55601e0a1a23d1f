# expect: OK
# stdout-has: stdlib json from /usr/lib/python3.11
# stdout-lacks: HIJACKED
# stdout-lacks: NOT-IN-SANDBOX
# why: modules planted in the working directory and /tmp (json.py, sitecustomize.py, ...) are not imported (python -I -S) and vanish with the run
import os as _os
import sys as _sys

if _os.path.exists("/proc/self") or _os.getuid() == 0:
    # Safety net: this case is destructive or leaves files behind outside pysandbox (no /proc and a non-root uid there).
    print("NOT-IN-SANDBOX: refusing to run a destructive case outside the sandbox")
    _sys.exit(97)
import os

payload = 'print("HI" "JACKED", __file__)\n'
names = ["json.py", "sitecustomize.py", "usercustomize.py", "random.py", "collections.py",
         "encodings.py", "re.py", "__main__.py"]
for d in (".", "/tmp"):
    for n in names:
        with open(os.path.join(d, n), "w") as f:
            f.write(payload)
    os.makedirs(os.path.join(d, "json_pkg_dir"), exist_ok=True)
import json
import random
import re

print("stdlib json from", os.path.dirname(os.path.dirname(json.__file__)))
print(json.dumps([random.Random(1).random() < 1, bool(re.match("a", "a"))]))
