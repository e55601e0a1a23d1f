# A queue made of two lists: new items go on `_back`; items leave from the
# end of `_front`, which holds the older items in reverse order. Every item
# moves between the lists at most once, so each operation is amortised O(1).


class Queue:
    def __init__(self, items=None):
        self._front = list(reversed(items)) if items else []
        self._back = []

    def enqueue(self, item):
        self._back.append(item)

    def _refill(self):
        if not self._front:
            while self._back:
                self._front.append(self._back.pop())

    def dequeue(self):
        self._refill()
        if not self._front:
            raise IndexError("dequeue from an empty queue")
        return self._front.pop()

    def peek(self):
        self._refill()
        if not self._front:
            raise IndexError("peek at an empty queue")
        return self._front[-1]

    def size(self):
        return len(self._front) + len(self._back)

    def is_empty(self):
        return self.size() == 0

    def members(self):
        return self._front[::-1] + self._back
