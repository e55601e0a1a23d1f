# MISTAKE: never checks whether the transaction is active: it can be used
# before/after its block and re-entered, silently collecting changes that
# are then applied (or lost) at the wrong time.
_DELETED = object()


class Transaction:
    def __init__(self, store):
        self._store = store
        self._pending = {}
        self.state = "new"

    def __enter__(self):
        self.state = "active"
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            for key, value in self._pending.items():
                if value is _DELETED:
                    if key in self._store:
                        del self._store[key]
                else:
                    self._store[key] = value
            self.state = "committed"
        else:
            self.state = "rolled back"
        self._pending = {}
        return False

    def __getitem__(self, key):
        if key in self._pending:
            if self._pending[key] is _DELETED:
                raise KeyError(key)
            return self._pending[key]
        return self._store[key]

    def __setitem__(self, key, value):
        self._pending[key] = value

    def __delitem__(self, key):
        if key not in self:
            raise KeyError(key)
        self._pending[key] = _DELETED

    def __contains__(self, key):
        if key in self._pending:
            return self._pending[key] is not _DELETED
        return key in self._store

    def get(self, key, default=None):
        return self[key] if key in self else default
