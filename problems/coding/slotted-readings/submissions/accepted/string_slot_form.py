# Variant: a one-name __slots__ may be a plain string; equality through a
# shared key tuple; repr built from the constructor order.
class Reading:
    __slots__ = ["sensor", "value", "unit", "__weakref__"]

    def __init__(self, sensor, value, unit="C"):
        self.sensor, self.value, self.unit = sensor, value, unit

    def as_tuple(self):
        return self.sensor, self.value, self.unit

    def __eq__(self, other):
        return self.as_tuple() == other.as_tuple() if type(self) is type(other) else NotImplemented

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, ", ".join(repr(v) for v in self.as_tuple()))


class TimedReading(Reading):
    __slots__ = "timestamp"

    def __init__(self, sensor, value, timestamp, unit="C"):
        Reading.__init__(self, sensor, value, unit)
        self.timestamp = timestamp

    def as_tuple(self):
        return self.sensor, self.value, self.timestamp, self.unit
