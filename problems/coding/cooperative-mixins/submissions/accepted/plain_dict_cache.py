# Variant: plain dict as the cache (insertion ordered), positional-free
# signatures, and Handler checking leftovers before delegating to object.
class Handler:
    def __init__(self, **unused):
        if unused:
            raise TypeError("Handler got unexpected keyword(s): " + ", ".join(unused))

    def handle(self, request):
        return ["handler:" + request["path"]]


class AuthMixin(Handler):
    def __init__(self, *, token, **rest):
        super().__init__(**rest)
        self.token = token

    def handle(self, request):
        if "token" in request and request["token"] == self.token:
            return ["auth", *super().handle(request)]
        return ["auth:denied"]


class CacheMixin(Handler):
    def __init__(self, *, cache_size=2, **rest):
        super().__init__(**rest)
        if cache_size < 0:
            raise ValueError(cache_size)
        self.cache_size = cache_size
        self.cache = {}

    def handle(self, request):
        key = request["path"]
        cached = self.cache.get(key)
        if cached is not None:
            return ["cache:hit", *cached]
        rest = super().handle(request)
        if self.cache_size > 0:
            if len(self.cache) == self.cache_size:
                del self.cache[next(iter(self.cache))]   # oldest insertion
            self.cache[key] = tuple(rest)
        return ["cache:miss", *rest]


class AuditMixin(Handler):
    def __init__(self, *, log, **rest):
        super().__init__(**rest)
        self.log = log

    def handle(self, request):
        self.log.append(request["path"])
        return ["audit", *super().handle(request)]
