# MISTAKE: keeps its own size counter and decrements it BEFORE finding out
# that the queue is empty, so a failed dequeue() leaves size() at -1.
from collections import deque


class Queue:
    def __init__(self, items=None):
        self.items = deque(items or [])
        self.count = len(self.items)

    def enqueue(self, item):
        self.items.append(item)
        self.count += 1

    def dequeue(self):
        self.count -= 1
        return self.items.popleft()   # deque raises IndexError when empty

    def peek(self):
        return self.items[0]          # deque raises IndexError when empty

    def size(self):
        return self.count

    def is_empty(self):
        return self.count == 0

    def members(self):
        return list(self.items)
