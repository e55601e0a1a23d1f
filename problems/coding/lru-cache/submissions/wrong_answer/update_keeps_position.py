# MISTAKE: assigning to an existing key of an OrderedDict keeps its old
# position, so put() on an existing key does not make it most recently used.
from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity):
        if capacity < 0:
            raise ValueError("capacity must be >= 0")
        self.capacity = capacity
        self.data = OrderedDict()

    def get(self, key, default=None):
        if key not in self.data:
            return default
        self.data.move_to_end(key)
        return self.data[key]

    def put(self, key, value):
        if self.capacity == 0:
            return
        self.data[key] = value
        if len(self.data) > self.capacity:
            self.data.popitem(last=False)

    def delete(self, key):
        if key in self.data:
            del self.data[key]
            return True
        return False

    def __len__(self):
        return len(self.data)

    def __contains__(self, key):
        return key in self.data

    def keys(self):
        return list(self.data)
