# expect: OK
# stdout-has: HOME=/tmp
# stdout-has: LANG=C.UTF-8
# stdout-lacks: HOME=/root
# stdout-lacks: /root
# stdout-lacks: .pyenv
# stdout-lacks: AWS_
# stdout-lacks: TOKEN
# stdout-lacks: PASSWORD
# stdout-lacks: SECRET
# stdout-lacks: API_KEY
# stdout-lacks: SSH_AUTH_SOCK
# stdout-lacks: KUBERNETES
# stdout-lacks: EXTRA_ENV
# why: the environment is clean (only PATH, LANG, HOME=/tmp, TMPDIR=/tmp, PYTHONIOENCODING): no secrets, no host PATH, no host HOME
import os
import sys

EXTRA = "EXTRA" + "_ENV"
allowed = {"PATH", "LANG", "HOME", "TMPDIR", "PYTHONIOENCODING"}
for key in sorted(os.environ):
    print("%s=%s" % (key, os.environ[key]))
    if key not in allowed:
        print(EXTRA, key)
print("argv", sys.argv)
print("executable", sys.executable)
print("flags isolated=%d no_site=%d" % (sys.flags.isolated, sys.flags.no_site))
print("path", sys.path)
