# Each node is a plain dict from character to child node. Two reserved keys,
# which can never be characters because they are not strings of length 1,
# hold the node's data: END marks a stored word, COUNT counts the stored words
# below (and at) the node.
END = ("end",)
COUNT = ("count",)


class Trie:
    def __init__(self):
        self.root = {COUNT: 0}

    def _walk(self, text):
        node = self.root
        for ch in text:
            if ch not in node:
                return None
            node = node[ch]
        return node

    def insert(self, word):
        node = self._walk(word)
        if node is not None and END in node:
            return
        node = self.root
        node[COUNT] += 1
        for ch in word:
            if ch not in node:
                node[ch] = {COUNT: 0}
            node = node[ch]
            node[COUNT] += 1
        node[END] = True

    def search(self, word):
        node = self._walk(word)
        return node is not None and END in node

    def starts_with(self, prefix):
        node = self._walk(prefix)
        return node is not None and node[COUNT] > 0

    def count_prefix(self, prefix):
        node = self._walk(prefix)
        return 0 if node is None else node[COUNT]
