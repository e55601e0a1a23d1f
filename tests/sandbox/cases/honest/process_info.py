# expect: OK
# stdout-has: listdir contains my_file.txt
# stdout-has: main file /box/main.py
# why: os.getpid, os.getppid, os.getcwd, os.listdir('.'), os.uname, sys.argv work as usual
import os
import sys

print("pid", os.getpid(), "ppid", os.getppid())
print("cwd", os.getcwd())
with open("my_file.txt", "w") as f:
    f.write("x")
if "my_file.txt" in os.listdir("."):
    print("listdir contains my_file.txt")
print("uname", os.uname().sysname, os.uname().machine)
print("main file", os.path.abspath(sys.argv[0]))
