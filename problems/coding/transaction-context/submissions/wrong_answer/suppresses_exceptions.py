# MISTAKE: __exit__ returns True after rolling back, which tells Python to
# SUPPRESS the exception: the caller never learns the update failed.
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
        return True

    def _check(self):
        if self.state != "active":
            raise RuntimeError("not active")

    def __getitem__(self, key):
        self._check()
        value = self._pending.get(key, _DELETED) if key in self._pending else self._store[key]
        if value is _DELETED:
            raise KeyError(key)
        return value

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
