# Same contract using a ChainMap-like overlay: writes go to `changes`,
# deletions are kept in a set.
class Transaction:
    def __init__(self, store):
        self._store = store
        self._changes = {}
        self._deleted = set()
        self.state = "new"

    def __enter__(self):
        if self.state != "new":
            raise RuntimeError("a Transaction can be entered only once")
        self.state = "active"
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.state = "rolled back"
            return None
        for key in self._deleted:
            if key in self._store:
                del self._store[key]
        for key, value in self._changes.items():
            self._store[key] = value
        self.state = "committed"
        return None

    def _active(self):
        if self.state != "active":
            raise RuntimeError("transaction is " + self.state)

    def __contains__(self, key):
        self._active()
        if key in self._changes:
            return True
        return key not in self._deleted and key in self._store

    def __getitem__(self, key):
        if key not in self:
            raise KeyError(key)
        if key in self._changes:
            return self._changes[key]
        return self._store[key]

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def __setitem__(self, key, value):
        self._active()
        self._deleted.discard(key)
        self._changes[key] = value

    def __delitem__(self, key):
        if key not in self:
            raise KeyError(key)
        self._changes.pop(key, None)
        self._deleted.add(key)
