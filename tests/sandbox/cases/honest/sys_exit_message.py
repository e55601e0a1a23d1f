# expect: RUNTIME_ERROR
# stdout-has: about to fail
# why: sys.exit("message") prints the message to stderr and exits with status 1
import sys

print("about to fail", flush=True)
sys.exit("fatal: bad input")
