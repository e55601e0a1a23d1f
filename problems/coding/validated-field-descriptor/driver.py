# Test driver for "validated-field-descriptor" (trusted author code, runs in
# the sandbox). It defines model classes that use the candidate's Field and
# runs a script against them.
#
# Test input: {"script": [op, ...]}; operations:
#   ["new", var, class, [args]]    var = class(*args)
#   ["set", var, attr, value]      setattr(var, attr, value)
#   ["get", var, attr]             getattr(var, attr)
#   ["type", var, attr]            type(getattr(var, attr)).__name__
#   ["del", var, attr]             delattr(var, attr)
#   ["class", class, attr]         what class.attr is: the Field itself? its .name?
#   ["field", [args], {kwargs}]    just construct Field(*args, **kwargs)
#                                  (type names "int", "float", "str", "list")
#   ["define", class]              define the named extra class late (classes
#                                  are defined when first used)
# One record per operation: {"value": ...} or {"raised": name}, plus
# "mentions_attr" (does the message contain the attribute name?) for a
# TypeError or ValueError raised by an operation on an attribute.

KINDS = {"int": int, "float": float, "str": str, "list": list, "bool": bool}


def _classes(Field):
    class Product:
        title = Field(str, minimum=1, maximum=40)
        price = Field(float, minimum=0)
        stock = Field(int, minimum=0, maximum=10000)

        def __init__(self, title, price, stock=0):
            self.title = title
            self.price = price
            self.stock = stock

        def __eq__(self, other):          # makes instances unhashable
            return isinstance(other, Product) and self.title == other.title

    class Discounted(Product):
        rate = Field(float, minimum=0, maximum=1)

        def __init__(self, title, price, stock=0, rate=0.0):
            super().__init__(title, price, stock)
            self.rate = rate

    class Sensor:
        label = Field(str)
        reading = Field(float, minimum=-50, maximum=150)
        count = Field(int)
        code = Field(str, maximum=3)
        level = Field(int, minimum=-5)

    return {"Product": Product, "Discounted": Discounted, "Sensor": Sensor}


def run(solution, test):
    Field = solution.Field
    classes = {}
    objects = {}
    log = []

    def cls(name):
        if not classes:
            classes.update(_classes(Field))
        return classes[name]

    for op in test["script"]:
        code = op[0]
        attr = op[2] if code in ("set", "get", "type", "del", "class") else None
        try:
            if code == "new":
                objects[op[1]] = cls(op[2])(*op[3])
                value = None
            elif code == "set":
                setattr(objects[op[1]], op[2], op[3])
                value = None
            elif code == "get":
                value = getattr(objects[op[1]], op[2])
            elif code == "type":
                value = type(getattr(objects[op[1]], op[2])).__name__
            elif code == "del":
                delattr(objects[op[1]], op[2])
                value = None
            elif code == "class":
                found = getattr(cls(op[1]), op[2])
                value = {"is_field": isinstance(found, Field),
                         "name": getattr(found, "name", None)}
            elif code == "field":
                args = [KINDS.get(a, a) if isinstance(a, str) else a for a in op[1]]
                Field(*args, **op[2])
                value = None
            elif code == "define":
                cls(op[1])
                value = None
            else:
                raise AssertionError(f"unknown op {code}")
            log.append({"value": value})
        except Exception as exc:
            entry = {"raised": type(exc).__name__}
            if attr is not None and isinstance(exc, (TypeError, ValueError)):
                entry["mentions_attr"] = attr in str(exc)
            log.append(entry)
    return log
