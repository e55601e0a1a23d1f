# MISTAKE: treats only Exception subclasses as failures ("except Exception"
# thinking), so KeyboardInterrupt / SystemExit in the block COMMIT the
# half-done changes.
_DELETED = object()


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
        if exc_type is not None and issubclass(exc_type, Exception):
            self.state = "rolled back"
            return False
        for key, value in self._pending.items():
            if value is _DELETED:
                if key in self._store:
                    del self._store[key]
            else:
                self._store[key] = value
        self.state = "committed"
        return False

    def _check(self):
        if self.state != "active":
            raise RuntimeError("not active")

    def __getitem__(self, key):
        self._check()
        if key in self._pending:
            if self._pending[key] is _DELETED:
                raise KeyError(key)
            return self._pending[key]
        return self._store[key]

    def __setitem__(self, key, value):
        self._check()
        self._pending[key] = value

    def __delitem__(self, key):
        if key not in self:
            raise KeyError(key)
        self._pending[key] = _DELETED

    def __contains__(self, key):
        self._check()
        if key in self._pending:
            return self._pending[key] is not _DELETED
        return key in self._store

    def get(self, key, default=None):
        return self[key] if key in self else default
