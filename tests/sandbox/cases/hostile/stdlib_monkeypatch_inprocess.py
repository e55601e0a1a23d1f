# expect: OK
# stdout-has: patched only here
# stdout-has: fake listdir
# why: monkeypatching modules and builtins in-process only affects this process; it is harmless
import builtins
import os
import sys
import types

os.listdir = lambda *a, **k: ["fake listdir"]
builtins.open = lambda *a, **k: (_ for _ in ()).throw(PermissionError("patched open"))
fake_json = types.ModuleType("json")
fake_json.dumps = lambda obj: "not json"
sys.modules["json"] = fake_json
import json

print(os.listdir("/"), json.dumps({}))
try:
    open("x")
except PermissionError as e:
    print(e)
print("patched only here")
