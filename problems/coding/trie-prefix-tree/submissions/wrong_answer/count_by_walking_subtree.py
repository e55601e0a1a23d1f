# MISTAKE: count_prefix() walks every node below the prefix to count the
# words there. The answers are right, but each query costs time proportional
# to the number of stored words, and the large tests run out of time.


class Node:
    def __init__(self):
        self.children = {}
        self.end = False


class Trie:
    def __init__(self):
        self.root = Node()

    def _find(self, s):
        node = self.root
        for ch in s:
            if ch not in node.children:
                return None
            node = node.children[ch]
        return node

    def insert(self, word):
        node = self.root
        for ch in word:
            node = node.children.setdefault(ch, Node())
        node.end = True

    def search(self, word):
        node = self._find(word)
        return node is not None and node.end

    def count_prefix(self, prefix):
        node = self._find(prefix)
        if node is None:
            return 0
        total, stack = 0, [node]
        while stack:
            n = stack.pop()
            total += n.end
            stack.extend(n.children.values())
        return total

    def starts_with(self, prefix):
        return self.count_prefix(prefix) > 0
