class Handler:
    def __init__(self, **kwargs):
        raise NotImplementedError

    def handle(self, request):
        raise NotImplementedError


class AuthMixin(Handler):
    pass


class CacheMixin(Handler):
    pass


class AuditMixin(Handler):
    pass
