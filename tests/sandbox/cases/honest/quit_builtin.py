# expect: OK
# stdout-has: calling quit
# stdout-lacks: not reached
# why: quit() (the sandbox-provided quit builtin) ends the program successfully
print("calling quit")
quit()
print("not reached")
