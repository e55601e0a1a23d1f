# MISTAKE: only the base class declares __slots__. The subclass has none of
# its own, so TimedReading instances get a __dict__ back and accept any
# attribute - the memory saving is lost exactly where it mattered.
class Reading:
    __slots__ = ("sensor", "value", "unit", "__weakref__")

    def __init__(self, sensor, value, unit="C"):
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
        return f"{type(self).__name__}({', '.join(map(repr, self.as_tuple()))})"


class TimedReading(Reading):
    def __init__(self, sensor, value, timestamp, unit="C"):
        super().__init__(sensor, value, unit)
        self.timestamp = timestamp

    def as_tuple(self):
        return (self.sensor, self.value, self.timestamp, self.unit)

