# MISTAKE: like the interview guide, pop() (and top()) return None on an empty
# stack instead of raising IndexError, which cannot be told apart from a
# pushed None.
from collections import deque


class QueueStack:
    def __init__(self):
        self.q1 = deque()
        self.q2 = deque()

    def push(self, x):
        self.q2.append(x)
        while self.q1:
            self.q2.append(self.q1.popleft())
        self.q1, self.q2 = self.q2, self.q1

    def pop(self):
        if not self.q1:
            return None
        return self.q1.popleft()

    def top(self):
        if not self.q1:
            return None
        return self.q1[0]

    def size(self):
        return len(self.q1)

    def is_empty(self):
        return not self.q1
