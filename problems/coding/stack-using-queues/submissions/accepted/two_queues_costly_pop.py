# Two queues, push is O(1): items sit in `_main` in arrival order, so the top
# is at the back. pop moves all but the last item to `_spare`, takes the last
# one, and swaps the roles of the queues. The top item is also remembered so
# that top() is O(1).
from collections import deque


class QueueStack:
    def __init__(self):
        self._main = deque()
        self._spare = deque()
        self._top = None

    def push(self, item):
        self._main.append(item)
        self._top = item

    def pop(self):
        if not self._main:
            raise IndexError("pop from an empty stack")
        while len(self._main) > 1:
            item = self._main.popleft()
            self._spare.append(item)
            self._top = item
        last = self._main.popleft()
        self._main, self._spare = self._spare, self._main
        if not self._main:
            self._top = None
        return last

    def top(self):
        if not self._main:
            raise IndexError("top of an empty stack")
        return self._top

    def size(self):
        return len(self._main)

    def is_empty(self):
        return not self._main
