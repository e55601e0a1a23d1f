# expect: RUNTIME_ERROR
# stdout-lacks: root:
# why: a direct read of /etc/shadow fails with an uncaught FileNotFoundError/PermissionError
print(open("/etc/shadow").read())
