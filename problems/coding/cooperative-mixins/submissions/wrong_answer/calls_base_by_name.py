# MISTAKE: the mixins call Handler by name (Handler.__init__ / Handler.handle)
# instead of super(), so the chain jumps straight to Handler and skips every
# class between them in the MRO (other mixins never run or get initialised).
from collections import OrderedDict


class Handler:
    """The end of every chain. It accepts no keyword arguments of its own, so
    any keyword nobody consumed is reported here."""

    def __init__(self, **kwargs):
        if kwargs:
            raise TypeError(f"unexpected keyword arguments: {', '.join(sorted(kwargs))}")
        super().__init__()

    def handle(self, request):
        return [f"handler:{request['path']}"]


class AuthMixin(Handler):
    def __init__(self, *, token, **kwargs):
        self.token = token
        Handler.__init__(self, **kwargs)

    def handle(self, request):
        if request.get("token") != self.token:
            return ["auth:denied"]           # stop the chain here
        return ["auth"] + Handler.handle(self, request)


class CacheMixin(Handler):
    def __init__(self, *, cache_size=2, **kwargs):
        if cache_size < 0:
            raise ValueError("cache_size must be >= 0")
        self.cache_size = cache_size
        self._cache = OrderedDict()
        Handler.__init__(self, **kwargs)

    def handle(self, request):
        path = request["path"]
        if path in self._cache:
            return ["cache:hit"] + self._cache[path]
        rest = Handler.handle(self, request)
        if self.cache_size:
            self._cache[path] = list(rest)
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return ["cache:miss"] + rest


class AuditMixin(Handler):
    def __init__(self, *, log, **kwargs):
        self.log = log
        Handler.__init__(self, **kwargs)

    def handle(self, request):
        self.log.append(request["path"])
        return ["audit"] + Handler.handle(self, request)
