# MISTAKE: __enter__ does not return self, so `with Transaction(d) as tx:`
# binds tx to None.
class Transaction:
    def __init__(self, store):
        self._store = store
        self._pending = {}
        self._deleted = set()
        self.state = "new"

    def __enter__(self):
        if self.state != "new":
            raise RuntimeError("already used")
        self.state = "active"

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            for key in self._deleted:
                self._store.pop(key, None)
            self._store.update(self._pending)
            self.state = "committed"
        else:
            self.state = "rolled back"

    def _check(self):
        if self.state != "active":
            raise RuntimeError("not active")

    def __contains__(self, key):
        self._check()
        return key in self._pending or (key not in self._deleted and key in self._store)

    def __getitem__(self, key):
        if key not in self:
            raise KeyError(key)
        return self._pending[key] if key in self._pending else self._store[key]

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __setitem__(self, key, value):
        self._check()
        self._deleted.discard(key)
        self._pending[key] = value

    def __delitem__(self, key):
        if key not in self:
            raise KeyError(key)
        self._pending.pop(key, None)
        self._deleted.add(key)
