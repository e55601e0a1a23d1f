# expect: SECURITY_VIOLATION
# stdout-lacks: ESCAPED
# why: the double-fork + setsid daemon trick (an orphan that outlives the run) dies at the first fork
import os
import time

MARK = "ESC" + "APED"
pid = os.fork()
if pid == 0:
    os.setsid()
    if os.fork() == 0:
        # a detached grandchild that would try to survive the sandbox
        print(MARK, "daemon alive", flush=True)
        for _ in range(600):
            time.sleep(1)
    os._exit(0)
print(MARK, "parent after fork", flush=True)
