# MISTAKE: search() returns True as soon as the path exists and never checks
# the end-of-word mark, so any prefix of a stored word is "found".


class Node:
    def __init__(self):
        self.children = {}
        self.end = False
        self.count = 0


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
        node = self._find(word)
        if node is not None and node.end:
            return
        node = self.root
        node.count += 1
        for ch in word:
            node = node.children.setdefault(ch, Node())
            node.count += 1
        node.end = True

    def search(self, word):
        return self._find(word) is not None

    def starts_with(self, prefix):
        node = self._find(prefix)
        return node is not None and node.count > 0

    def count_prefix(self, prefix):
        node = self._find(prefix)
        return node.count if node else 0
