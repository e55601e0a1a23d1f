class Trie:
    """A set of words stored as a prefix tree."""

    def __init__(self):
        pass

    def insert(self, word: str) -> None:
        """Add `word`; inserting a stored word again changes nothing."""
        raise NotImplementedError

    def search(self, word: str) -> bool:
        """Return True if `word` itself has been inserted."""
        raise NotImplementedError

    def starts_with(self, prefix: str) -> bool:
        """Return True if at least one stored word starts with `prefix`."""
        raise NotImplementedError

    def count_prefix(self, prefix: str) -> int:
        """Return how many distinct stored words start with `prefix`."""
        raise NotImplementedError
