class Field:
    """A data descriptor that type-checks and range-checks an attribute.
    Each value lives in the instance's own __dict__ under the field's name."""

    KINDS = (int, float, str)

    def __init__(self, kind, *, minimum=None, maximum=None):
        if kind not in self.KINDS:
            raise TypeError(f"unsupported field kind: {kind!r}")
        if minimum is not None and maximum is not None and minimum > maximum:
            raise ValueError(f"minimum {minimum} is greater than maximum {maximum}")
        self.kind = kind
        self.minimum = minimum
        self.maximum = maximum
        self.name = None

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self                      # accessed on the class
        try:
            return instance.__dict__[self.name]
        except KeyError:
            raise AttributeError(f"{self.name!r} has not been set") from None

    def __set__(self, instance, value):
        instance.__dict__[self.name] = self.validate(value)

    def __delete__(self, instance):
        try:
            del instance.__dict__[self.name]
        except KeyError:
            raise AttributeError(f"{self.name!r} has not been set") from None

    def validate(self, value):
        name, kind = self.name, self.kind
        if isinstance(value, bool) or not (
                isinstance(value, kind) or (kind is float and isinstance(value, int))):
            raise TypeError(f"{name} must be {kind.__name__}, not {type(value).__name__}")
        if kind is float:
            value = float(value)
        size = len(value) if kind is str else value
        what = "length of " + name if kind is str else name
        if self.minimum is not None and size < self.minimum:
            raise ValueError(f"{what} must be >= {self.minimum}, got {size}")
        if self.maximum is not None and size > self.maximum:
            raise ValueError(f"{what} must be <= {self.maximum}, got {size}")
        return value
