# MISTAKE: error messages do not say which attribute was wrong
# ("invalid value"), which makes the errors useless in a large model.
class Field:
    def __init__(self, kind, *, minimum=None, maximum=None):
        if kind not in (int, float, str):
            raise TypeError("kind must be int, float or str")
        if minimum is not None and maximum is not None and minimum > maximum:
            raise ValueError("minimum > maximum")
        self.kind, self.minimum, self.maximum = kind, minimum, maximum

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        try:
            return instance.__dict__[self.name]
        except KeyError:
            raise AttributeError(self.name) from None

    def __delete__(self, instance):
        if self.name not in instance.__dict__:
            raise AttributeError(self.name)
        del instance.__dict__[self.name]

    def __set__(self, instance, value):
        if isinstance(value, bool) or not (isinstance(value, self.kind)
                                           or (self.kind is float and isinstance(value, int))):
            raise TypeError(f"expected {self.kind.__name__}, got {type(value).__name__}")
        if self.kind is float:
            value = float(value)
        size = len(value) if self.kind is str else value
        if (self.minimum is not None and size < self.minimum) or (
                self.maximum is not None and size > self.maximum):
            raise ValueError(f"invalid value {value!r}")
        instance.__dict__[self.name] = value
