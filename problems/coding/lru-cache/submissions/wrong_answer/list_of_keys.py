# MISTAKE: keeps the usage order in a plain list; list.remove() and
# list.pop(0) scan/shift the whole list, so every access is O(capacity).
# Correct results, but the large tests take minutes instead of < 1 second.
class LRUCache:
    def __init__(self, capacity):
        if capacity < 0:
            raise ValueError("capacity must be >= 0")
        self.capacity = capacity
        self.data = {}
        self.order = []          # least recently used first

    def get(self, key, default=None):
        if key not in self.data:
            return default
        self.order.remove(key)
        self.order.append(key)
        return self.data[key]

    def put(self, key, value):
        if self.capacity == 0:
            return
        if key in self.data:
            self.order.remove(key)
        elif len(self.data) == self.capacity:
            oldest = self.order.pop(0)
            del self.data[oldest]
        self.data[key] = value
        self.order.append(key)

    def delete(self, key):
        if key not in self.data:
            return False
        del self.data[key]
        self.order.remove(key)
        return True

    def __len__(self):
        return len(self.data)

    def __contains__(self, key):
        return key in self.data

    def keys(self):
        return list(self.order)
