# The same as an explicit iterator class: __init__ validates, __next__ does
# the work, holding one pending timestamp at most.
_NOTHING = object()


class sessions:
    def __init__(self, timestamps, gap):
        if gap < 0:
            raise ValueError("negative gap")
        self._stream = iter(timestamps)
        self._gap = gap
        self._pending = _NOTHING     # first timestamp of the next session
        self._started = False

    def __iter__(self):
        return self

    def __next__(self):
        if not self._started:
            self._started = True
            self._pending = next(self._stream, _NOTHING)
        if self._pending is _NOTHING:
            raise StopIteration
        start = end = self._pending
        count = 1
        self._pending = _NOTHING
        for t in self._stream:
            if t < end:
                raise ValueError("timestamps must not decrease")
            if t - end > self._gap:
                self._pending = t
                break
            end = t
            count += 1
        return (start, end, count)
