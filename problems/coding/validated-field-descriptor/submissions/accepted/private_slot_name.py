# Variant: stores the value under a private name ("_field_price") with
# setattr/getattr on the instance, checks via type() rather than isinstance.
_MISSING = object()


class Field:
    def __init__(self, kind, *, minimum=None, maximum=None):
        if kind not in (int, float, str):
            raise TypeError("kind must be int, float or str")
        if None not in (minimum, maximum) and minimum > maximum:
            raise ValueError("empty range")
        self.kind, self.minimum, self.maximum = kind, minimum, maximum

    def __set_name__(self, owner, name):
        self.name = name
        self.storage = "_field_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        value = getattr(obj, self.storage, _MISSING)
        if value is _MISSING:
            raise AttributeError(f"{type(obj).__name__}.{self.name} is not set")
        return value

    def __set__(self, obj, value):
        t = type(value)
        if self.kind is float and t is int:
            value, t = float(value), float
        if not issubclass(t, self.kind) or t is bool:
            raise TypeError(f"{self.name}: expected {self.kind.__name__}, got {t.__name__}")
        measure = len(value) if self.kind is str else value
        if self.minimum is not None and measure < self.minimum:
            raise ValueError(f"{self.name}: {measure} is below {self.minimum}")
        if self.maximum is not None and measure > self.maximum:
            raise ValueError(f"{self.name}: {measure} is above {self.maximum}")
        setattr(obj, self.storage, value)

    def __delete__(self, obj):
        if getattr(obj, self.storage, _MISSING) is _MISSING:
            raise AttributeError(f"{self.name} is not set")
        delattr(obj, self.storage)
