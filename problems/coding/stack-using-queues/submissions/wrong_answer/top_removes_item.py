# MISTAKE: top() dequeues the front item to read it and never puts it back,
# so looking at the top of the stack removes it.
from collections import deque


class QueueStack:
    def __init__(self):
        self.q = deque()

    def push(self, item):
        self.q.append(item)
        for _ in range(len(self.q) - 1):
            self.q.append(self.q.popleft())

    def pop(self):
        if not self.q:
            raise IndexError("empty stack")
        return self.q.popleft()

    def top(self):
        if not self.q:
            raise IndexError("empty stack")
        return self.q.popleft()

    def size(self):
        return len(self.q)

    def is_empty(self):
        return not self.q
