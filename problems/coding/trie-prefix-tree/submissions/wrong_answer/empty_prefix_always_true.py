# MISTAKE: starts_with() only checks that the path for the prefix exists. The
# root always exists, so starts_with("") is True even for an empty trie,
# although no stored word starts with "".


class Trie:
    def __init__(self):
        self.root = {"kids": {}, "end": False, "n": 0}

    def _find(self, s):
        node = self.root
        for ch in s:
            node = node["kids"].get(ch)
            if node is None:
                return None
        return node

    def insert(self, word):
        if self.search(word):
            return
        node = self.root
        node["n"] += 1
        for ch in word:
            node = node["kids"].setdefault(ch, {"kids": {}, "end": False, "n": 0})
            node["n"] += 1
        node["end"] = True

    def search(self, word):
        node = self._find(word)
        return node is not None and node["end"]

    def starts_with(self, prefix):
        return self._find(prefix) is not None

    def count_prefix(self, prefix):
        node = self._find(prefix)
        return node["n"] if node else 0
