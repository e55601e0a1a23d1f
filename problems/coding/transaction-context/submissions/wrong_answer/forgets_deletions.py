# MISTAKE: `del tx[key]` only drops a pending write; deleting a key that exists
# in the store is never recorded, so the key survives the commit (and reads
# inside the block still see it).
class Transaction:
    def __init__(self, store):
        self._store = store
        self._pending = {}
        self.state = "new"

    def __enter__(self):
        if self.state != "new":
            raise RuntimeError("already used")
        self.state = "active"
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self._store.update(self._pending)
            self.state = "committed"
        else:
            self.state = "rolled back"
        return False

    def _check(self):
        if self.state != "active":
            raise RuntimeError("not active")

    def __getitem__(self, key):
        self._check()
        if key in self._pending:
            return self._pending[key]
        return self._store[key]

    def __setitem__(self, key, value):
        self._check()
        self._pending[key] = value

    def __delitem__(self, key):
        self._check()
        if key in self._pending:
            del self._pending[key]
        elif key not in self._store:
            raise KeyError(key)

    def __contains__(self, key):
        self._check()
        return key in self._pending or key in self._store

    def get(self, key, default=None):
        return self[key] if key in self else default
