# expect: OK
# stdout-has: exiting with 0
# stdout-lacks: not reached
# why: exit(0) (the sandbox-provided exit builtin) ends the program successfully
print("exiting with 0")
exit(0)
print("not reached")
