_DELETED = object()   # marks a key whose last change in this transaction is a deletion


class Transaction:
    """Buffer changes to `store`; apply them all when the with block ends
    normally, none of them when it ends with an exception."""

    def __init__(self, store):
        self._store = store
        self._pending = {}
        self.state = "new"

    # -- the context manager protocol ------------------------------------
    def __enter__(self):
        if self.state != "new":
            raise RuntimeError(f"transaction already used (state: {self.state})")
        self.state = "active"
        return self

    def __exit__(self, exc_type, exc_value, traceback):
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
        return False          # never suppress the exception

    # -- the mapping view -------------------------------------------------
    def _check_active(self):
        if self.state != "active":
            raise RuntimeError(f"transaction is not active (state: {self.state})")

    def __getitem__(self, key):
        self._check_active()
        if key in self._pending:
            value = self._pending[key]
            if value is _DELETED:
                raise KeyError(key)
            return value
        return self._store[key]

    def __setitem__(self, key, value):
        self._check_active()
        self._pending[key] = value

    def __delitem__(self, key):
        if key not in self:           # also checks that we are active
            raise KeyError(key)
        self._pending[key] = _DELETED

    def __contains__(self, key):
        self._check_active()
        if key in self._pending:
            return self._pending[key] is not _DELETED
        return key in self._store

    def get(self, key, default=None):
        return self[key] if key in self else default
