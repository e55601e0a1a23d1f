# One queue whose front is always the top of the stack: after enqueueing a new
# item, the older items are cycled behind it. push is O(n), the rest O(1).
from collections import deque


class QueueStack:
    def __init__(self):
        self._q = deque()

    def push(self, item):
        self._q.append(item)
        for _ in range(len(self._q) - 1):
            self._q.append(self._q.popleft())

    def pop(self):
        if not self._q:
            raise IndexError("pop from an empty stack")
        return self._q.popleft()

    def top(self):
        if not self._q:
            raise IndexError("top of an empty stack")
        return self._q[0]

    def size(self):
        return len(self._q)

    def is_empty(self):
        return not self._q
