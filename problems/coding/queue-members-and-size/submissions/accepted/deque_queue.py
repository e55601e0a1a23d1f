from collections import deque


class Queue:
    def __init__(self, items=None):
        self._items = deque(items or ())

    def enqueue(self, item):
        self._items.append(item)

    def dequeue(self):
        if not self._items:
            raise IndexError("dequeue from an empty queue")
        return self._items.popleft()

    def peek(self):
        if not self._items:
            raise IndexError("peek at an empty queue")
        return self._items[0]

    def size(self):
        return len(self._items)

    def is_empty(self):
        return not self._items

    def members(self):
        return list(self._items)
