class _Node:
    __slots__ = ("children", "is_word", "count")

    def __init__(self):
        self.children = {}
        self.is_word = False
        self.count = 0          # stored words that pass through this node


class Trie:
    def __init__(self):
        self._root = _Node()

    def _find(self, text):
        node = self._root
        for ch in text:
            node = node.children.get(ch)
            if node is None:
                return None
        return node

    def insert(self, word: str) -> None:
        if self.search(word):
            return                      # a set: duplicates change nothing
        node = self._root
        node.count += 1
        for ch in word:
            node = node.children.setdefault(ch, _Node())
            node.count += 1
        node.is_word = True

    def search(self, word: str) -> bool:
        node = self._find(word)
        return node is not None and node.is_word

    def count_prefix(self, prefix: str) -> int:
        node = self._find(prefix)
        return 0 if node is None else node.count

    def starts_with(self, prefix: str) -> bool:
        return self.count_prefix(prefix) > 0
