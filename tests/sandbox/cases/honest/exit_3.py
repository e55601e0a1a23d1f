# expect: RUNTIME_ERROR
# stdout-has: exiting with 3
# why: exit(3) (the sandbox-provided exit builtin) is a non-zero exit status
print("exiting with 3", flush=True)
exit(3)
