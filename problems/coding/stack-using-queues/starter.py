from collections import deque


class QueueStack:
    """A LIFO stack whose items live only in deques used as queues
    (append, popleft, q[0], len)."""

    def __init__(self):
        pass

    def push(self, item):
        """Put `item` on top of the stack."""
        raise NotImplementedError

    def pop(self):
        """Remove and return the top item; raise IndexError if empty."""
        raise NotImplementedError

    def top(self):
        """Return the top item without removing it; raise IndexError if empty."""
        raise NotImplementedError

    def size(self):
        """Return the number of items on the stack."""
        raise NotImplementedError

    def is_empty(self):
        """Return True if the stack holds no items."""
        raise NotImplementedError
