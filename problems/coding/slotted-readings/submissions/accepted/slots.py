class Reading:
    """One sensor reading, stored compactly: no per-instance __dict__."""

    __slots__ = ("sensor", "value", "unit", "__weakref__")

    def __init__(self, sensor, value, unit="C"):
        # A default cannot be a class attribute named like a slot
        # (`unit = "C"` would clash with the slot), so it lives here.
        self.sensor = sensor
        self.value = value
        self.unit = unit

    def as_tuple(self):
        return (self.sensor, self.value, self.unit)

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self.as_tuple() == other.as_tuple()

    def __repr__(self):
        fields = ", ".join(map(repr, self.as_tuple()))
        return f"{type(self).__name__}({fields})"


class TimedReading(Reading):
    """A reading with a timestamp; declares only the slot it adds."""

    __slots__ = ("timestamp",)

    def __init__(self, sensor, value, timestamp, unit="C"):
        super().__init__(sensor, value, unit)
        self.timestamp = timestamp

    def as_tuple(self):
        return (self.sensor, self.value, self.timestamp, self.unit)
