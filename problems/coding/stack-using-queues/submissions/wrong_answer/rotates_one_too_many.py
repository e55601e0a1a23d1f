# MISTAKE: after enqueueing, it cycles len(q) items instead of len(q) - 1.
# A full cycle puts every item back where it was, so the new item ends up at
# the back again and the "stack" behaves like a queue (first in, first out).
from collections import deque


class QueueStack:
    def __init__(self):
        self.q = deque()

    def push(self, item):
        self.q.append(item)
        for _ in range(len(self.q)):
            self.q.append(self.q.popleft())

    def pop(self):
        if not self.q:
            raise IndexError("empty stack")
        return self.q.popleft()

    def top(self):
        if not self.q:
            raise IndexError("empty stack")
        return self.q[0]

    def size(self):
        return len(self.q)

    def is_empty(self):
        return len(self.q) == 0
