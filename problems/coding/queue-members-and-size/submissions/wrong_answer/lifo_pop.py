# MISTAKE: uses list.pop() with no index, which removes the LAST item, so the
# "queue" behaves like a stack (last in, first out). peek looks at the wrong end too.


class Queue:
    def __init__(self, items=None):
        self.items = list(items) if items else []

    def enqueue(self, item):
        self.items.append(item)

    def dequeue(self):
        if not self.items:
            raise IndexError("empty queue")
        return self.items.pop()

    def peek(self):
        if not self.items:
            raise IndexError("empty queue")
        return self.items[-1]

    def size(self):
        return len(self.items)

    def is_empty(self):
        return len(self.items) == 0

    def members(self):
        return list(self.items)
