# MISTAKE: writes go straight into the store, and on an exception it tries to
# "undo" only the keys it remembers overwriting - deleted and newly added keys
# are not restored, and the store changes while the block is still running.
class Transaction:
    def __init__(self, store):
        self.store = store
        self.backup = {}
        self.state = "new"

    def __enter__(self):
        if self.state != "new":
            raise RuntimeError("already used")
        self.state = "active"
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.store.update(self.backup)
            self.state = "rolled back"
        else:
            self.state = "committed"
        return False

    def _check(self):
        if self.state != "active":
            raise RuntimeError("not active")

    def __getitem__(self, key):
        self._check()
        return self.store[key]

    def __setitem__(self, key, value):
        self._check()
        if key in self.store and key not in self.backup:
            self.backup[key] = self.store[key]
        self.store[key] = value

    def __delitem__(self, key):
        self._check()
        del self.store[key]

    def __contains__(self, key):
        self._check()
        return key in self.store

    def get(self, key, default=None):
        self._check()
        return self.store.get(key, default)
