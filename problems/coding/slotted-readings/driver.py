# Test driver for "slotted-readings" (trusted author code, runs in the sandbox).
#
# Test input: {"script": [op, ...]}; operations (var names an object):
#   ["new", var, class, [args], {kwargs}]   class is "Reading" or "TimedReading"
#   ["get", var, attr] / ["set", var, attr, value] / ["del", var, attr]
#   ["has_dict", var]            does the instance have a __dict__?
#   ["weakref", var]             does weakref.ref(obj)() give obj back?
#   ["eq", var1, var2]           var1 == var2
#   ["ne", var1, var2]           var1 != var2
#   ["eq_other", var, value]     obj == value (a plain JSON value)
#   ["repr", var]
#   ["tuple", var]               obj.as_tuple()
#   ["slots", class]             the names the class itself declares in __slots__
#   ["copy", var]                c = copy.copy(obj): is it equal, same class, not obj?
# One record per operation: {"value": ...} or {"raised": exception name}.
import copy
import weakref


def _declared_slots(cls):
    slots = cls.__dict__.get("__slots__")
    if slots is None:
        return None
    if isinstance(slots, str):
        slots = [slots]
    return sorted(slots)


def run(solution, test):
    classes = {"Reading": solution.Reading, "TimedReading": solution.TimedReading}
    objs = {}
    log = []
    for op in test["script"]:
        code = op[0]
        try:
            if code == "new":
                kwargs = op[4] if len(op) > 4 else {}
                objs[op[1]] = classes[op[2]](*op[3], **kwargs)
                value = None
            elif code == "get":
                value = getattr(objs[op[1]], op[2])
            elif code == "set":
                setattr(objs[op[1]], op[2], op[3])
                value = None
            elif code == "del":
                delattr(objs[op[1]], op[2])
                value = None
            elif code == "has_dict":
                value = hasattr(objs[op[1]], "__dict__")
            elif code == "weakref":
                obj = objs[op[1]]
                value = weakref.ref(obj)() is obj
            elif code == "eq":
                value = objs[op[1]] == objs[op[2]]
            elif code == "ne":
                value = objs[op[1]] != objs[op[2]]
            elif code == "eq_other":
                value = objs[op[1]] == op[2]
            elif code == "repr":
                value = repr(objs[op[1]])
            elif code == "tuple":
                value = list(objs[op[1]].as_tuple())
            elif code == "slots":
                value = _declared_slots(classes[op[1]])
            elif code == "copy":
                obj = objs[op[1]]
                dup = copy.copy(obj)
                value = {"equal": dup == obj, "same_class": type(dup) is type(obj),
                         "distinct": dup is not obj}
            else:
                raise AssertionError(f"unknown op {code}")
            log.append({"value": value})
        except Exception as exc:
            log.append({"raised": type(exc).__name__})
    return log
