class Reading:
    def __init__(self, sensor, value, unit="C"):
        raise NotImplementedError

    def as_tuple(self):
        raise NotImplementedError


class TimedReading(Reading):
    def __init__(self, sensor, value, timestamp, unit="C"):
        raise NotImplementedError
