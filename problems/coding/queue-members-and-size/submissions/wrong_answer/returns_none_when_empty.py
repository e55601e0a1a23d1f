# MISTAKE: dequeue() and peek() return None on an empty queue instead of
# raising IndexError, so "empty" cannot be told apart from a stored None.
from collections import deque


class Queue:
    def __init__(self, items=None):
        self.items = deque(items or [])

    def enqueue(self, item):
        self.items.append(item)

    def dequeue(self):
        if self.items:
            return self.items.popleft()
        return None

    def peek(self):
        if self.items:
            return self.items[0]
        return None

    def size(self):
        return len(self.items)

    def is_empty(self):
        return not self.items

    def members(self):
        return list(self.items)
