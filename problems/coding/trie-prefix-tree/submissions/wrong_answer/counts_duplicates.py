# MISTAKE: increments the prefix counters on every insert, even when the word
# is already stored, so words inserted twice are counted twice.


class Node:
    def __init__(self):
        self.children = {}
        self.end = False
        self.count = 0


class Trie:
    def __init__(self):
        self.root = Node()

    def insert(self, word):
        node = self.root
        node.count += 1
        for ch in word:
            node = node.children.setdefault(ch, Node())
            node.count += 1
        node.end = True

    def _find(self, s):
        node = self.root
        for ch in s:
            if ch not in node.children:
                return None
            node = node.children[ch]
        return node

    def search(self, word):
        node = self._find(word)
        return bool(node and node.end)

    def starts_with(self, prefix):
        node = self._find(prefix)
        return bool(node and node.count)

    def count_prefix(self, prefix):
        node = self._find(prefix)
        return node.count if node else 0
