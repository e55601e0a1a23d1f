# expect: RUNTIME_ERROR
# stdout-has: before-close
# why: closing stdout and stderr and then dying with an exception is still reported as a runtime error (EOF on the pipes is not "exit 0")
import os

print("before-close", flush=True)
os.close(1)
os.close(2)
raise RuntimeError("dying with closed stdout/stderr")
