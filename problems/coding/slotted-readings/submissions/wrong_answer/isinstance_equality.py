# MISTAKE: __eq__ uses isinstance and compares only the base fields, so a
# TimedReading equals a plain Reading with the same sensor/value/unit, and
# two TimedReadings with different timestamps compare equal.
class Reading:
    __slots__ = ("sensor", "value", "unit", "__weakref__")

    def __init__(self, sensor, value, unit="C"):
        self.sensor = sensor
        self.value = value
        self.unit = unit

    def as_tuple(self):
        return (self.sensor, self.value, self.unit)

    def __eq__(self, other):
        if not isinstance(other, Reading):
            return NotImplemented
        return (self.sensor, self.value, self.unit) == (other.sensor, other.value, other.unit)

    def __repr__(self):
        return f"{type(self).__name__}({', '.join(map(repr, self.as_tuple()))})"


class TimedReading(Reading):
    __slots__ = ("timestamp",)

    def __init__(self, sensor, value, timestamp, unit="C"):
        super().__init__(sensor, value, unit)
        self.timestamp = timestamp

    def as_tuple(self):
        return (self.sensor, self.value, self.timestamp, self.unit)

