from collections import OrderedDict


class LRUCache:
    """A fixed-capacity mapping that forgets its least recently used entry."""

    def __init__(self, capacity):
        if capacity < 0:
            raise ValueError("capacity must be >= 0")
        self.capacity = capacity
        self._data = OrderedDict()        # least recently used first

    def get(self, key, default=None):
        try:
            self._data.move_to_end(key)   # O(1); KeyError if absent
        except KeyError:
            return default
        return self._data[key]

    def put(self, key, value):
        if self.capacity == 0:
            return
        data = self._data
        if key in data:
            data.move_to_end(key)
        data[key] = value
        if len(data) > self.capacity:
            data.popitem(last=False)      # O(1): evict the least recently used

    def delete(self, key):
        return self._data.pop(key, _MISSING) is not _MISSING

    def __len__(self):
        return len(self._data)

    def __contains__(self, key):
        return key in self._data          # a membership test is not a "use"

    def keys(self):
        return list(self._data)


_MISSING = object()
