# MISTAKE: no __slots__ at all ("Python objects can take any attribute"):
# correct values, but every instance carries a __dict__.
class Reading:
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

