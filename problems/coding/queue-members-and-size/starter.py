class Queue:
    """A first-in, first-out queue."""

    def __init__(self, items=None):
        """Create a queue holding `items` (a list, front first), or an empty one."""
        pass

    def enqueue(self, item):
        """Add `item` at the back of the queue."""
        raise NotImplementedError

    def dequeue(self):
        """Remove and return the front item; raise IndexError if empty."""
        raise NotImplementedError

    def peek(self):
        """Return the front item without removing it; raise IndexError if empty."""
        raise NotImplementedError

    def size(self):
        """Return the number of items in the queue."""
        raise NotImplementedError

    def is_empty(self):
        """Return True if the queue holds no items."""
        raise NotImplementedError

    def members(self):
        """Return a new list of the items, front to back."""
        raise NotImplementedError
