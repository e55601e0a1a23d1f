# MISTAKE: keeps the values in a dictionary on the descriptor keyed by the
# instance. It fails for unhashable instances (a class with __eq__ and no
# __hash__) and keeps every instance alive forever.
class Field:
    def __init__(self, kind, *, minimum=None, maximum=None):
        if kind not in (int, float, str):
            raise TypeError("kind must be int, float or str")
        if minimum is not None and maximum is not None and minimum > maximum:
            raise ValueError("minimum > maximum")
        self.kind, self.minimum, self.maximum = kind, minimum, maximum
        self.values = {}

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if instance not in self.values:
            raise AttributeError(self.name)
        return self.values[instance]

    def __set__(self, instance, value):
        self.values[instance] = self._check(value)

    def __delete__(self, instance):
        if instance not in self.values:
            raise AttributeError(self.name)
        del self.values[instance]

    def _check(self, value):
        if isinstance(value, bool) or not (isinstance(value, self.kind)
                                           or (self.kind is float and isinstance(value, int))):
            raise TypeError(f"{self.name} must be {self.kind.__name__}")
        if self.kind is float:
            value = float(value)
        size = len(value) if self.kind is str else value
        if self.minimum is not None and size < self.minimum:
            raise ValueError(f"{self.name} below {self.minimum}")
        if self.maximum is not None and size > self.maximum:
            raise ValueError(f"{self.name} above {self.maximum}")
        return value

