# MISTAKE: Handler.__init__ silently ignores leftover keyword arguments, so a
# misspelt option (cach_size=...) is accepted and quietly has no effect.
from collections import OrderedDict


class Handler:
    """The end of every chain."""

    def __init__(self, **kwargs):
        super().__init__()          # whatever is left over is simply dropped

    def handle(self, request):
        return [f"handler:{request['path']}"]


class AuthMixin(Handler):
    def __init__(self, *, token, **kwargs):
        self.token = token
        super().__init__(**kwargs)          # pass the rest along the MRO

    def handle(self, request):
        if request.get("token") != self.token:
            return ["auth:denied"]           # stop the chain here
        return ["auth"] + super().handle(request)


class CacheMixin(Handler):
    def __init__(self, *, cache_size=2, **kwargs):
        if cache_size < 0:
            raise ValueError("cache_size must be >= 0")
        self.cache_size = cache_size
        self._cache = OrderedDict()
        super().__init__(**kwargs)

    def handle(self, request):
        path = request["path"]
        if path in self._cache:
            return ["cache:hit"] + self._cache[path]
        rest = super().handle(request)       # what the rest of the chain does
        if self.cache_size:
            self._cache[path] = list(rest)
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return ["cache:miss"] + rest


class AuditMixin(Handler):
    def __init__(self, *, log, **kwargs):
        self.log = log
        super().__init__(**kwargs)

    def handle(self, request):
        self.log.append(request["path"])
        return ["audit"] + super().handle(request)
