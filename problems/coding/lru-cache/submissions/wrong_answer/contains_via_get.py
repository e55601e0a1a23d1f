# MISTAKE: implements `key in cache` with get(), so a membership test counts
# as a use and changes the eviction order; also `get` uses a truthiness test,
# so stored falsy values (0, "", None, False) look like misses.
from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity):
        if capacity < 0:
            raise ValueError("capacity must be >= 0")
        self.capacity = capacity
        self.data = OrderedDict()

    def get(self, key, default=None):
        value = self.data.get(key)
        if not value:
            return default
        self.data.move_to_end(key)
        return value

    def put(self, key, value):
        if self.capacity == 0:
            return
        if key in self.data:
            self.data.move_to_end(key)
        self.data[key] = value
        if len(self.data) > self.capacity:
            self.data.popitem(last=False)

    def delete(self, key):
        return self.data.pop(key, None) is not None

    def __len__(self):
        return len(self.data)

    def __contains__(self, key):
        return self.get(key) is not None

    def keys(self):
        return list(self.data)
