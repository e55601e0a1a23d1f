# MISTAKE: stores the value on the descriptor (self.value). There is one
# descriptor per class attribute, shared by ALL instances, so every Product
# sees the price of the last Product assigned.
_UNSET = object()


class Field:
    def __init__(self, kind, *, minimum=None, maximum=None):
        if kind not in (int, float, str):
            raise TypeError("kind must be int, float or str")
        if minimum is not None and maximum is not None and minimum > maximum:
            raise ValueError("minimum > maximum")
        self.kind, self.minimum, self.maximum = kind, minimum, maximum
        self.value = _UNSET

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if self.value is _UNSET:
            raise AttributeError(self.name)
        return self.value

    def __set__(self, instance, value):
        self.value = self._check(value)

    def __delete__(self, instance):
        if self.value is _UNSET:
            raise AttributeError(self.name)
        self.value = _UNSET

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

