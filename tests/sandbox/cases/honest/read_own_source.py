# expect: OK
# stdout-has: I can read my own source: # expect: OK
# why: the program file /box/main.py is readable by the program (e.g. for inspect or __file__ tricks)
import inspect

with open(__file__) as f:
    first = f.readline().strip()
print("I can read my own source:", first)
print("inspect works:", inspect.getsource(inspect.currentframe()).count("\n") > 5)
