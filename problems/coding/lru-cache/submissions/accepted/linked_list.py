# Hand-made version: a dict from key to node plus a circular doubly linked
# list with a sentinel; every operation is O(1).
class _Node:
    __slots__ = ("key", "value", "prev", "next")

    def __init__(self, key=None, value=None):
        self.key, self.value = key, value
        self.prev = self.next = self


class LRUCache:
    def __init__(self, capacity):
        if capacity < 0:
            raise ValueError("negative capacity")
        self.capacity = capacity
        self._map = {}
        self._root = _Node()      # root.next is the least recent, root.prev the most recent

    def _unlink(self, node):
        node.prev.next = node.next
        node.next.prev = node.prev

    def _append(self, node):
        last = self._root.prev
        last.next = node
        node.prev = last
        node.next = self._root
        self._root.prev = node

    def get(self, key, default=None):
        node = self._map.get(key)
        if node is None:
            return default
        self._unlink(node)
        self._append(node)
        return node.value

    def put(self, key, value):
        node = self._map.get(key)
        if node is not None:
            node.value = value
            self._unlink(node)
            self._append(node)
            return
        if self.capacity == 0:
            return
        if len(self._map) == self.capacity:
            oldest = self._root.next
            self._unlink(oldest)
            del self._map[oldest.key]
        node = _Node(key, value)
        self._map[key] = node
        self._append(node)

    def delete(self, key):
        node = self._map.pop(key, None)
        if node is None:
            return False
        self._unlink(node)
        return True

    def __len__(self):
        return len(self._map)

    def __contains__(self, key):
        return key in self._map

    def keys(self):
        out, node = [], self._root.next
        while node is not self._root:
            out.append(node.key)
            node = node.next
        return out
