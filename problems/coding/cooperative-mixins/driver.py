# Test driver for "cooperative-mixins" (trusted author code, runs in the sandbox).
#
# Test input:
#   {"bases": [class names, in order], "kwargs": {...}, "requests": [{...}, ...]}
#   class names are the candidate's Handler, AuthMixin, CacheMixin, AuditMixin,
#   or the driver's own cooperative TimingMixin / TagMixin (below).
#   kwargs["log"] == true means: pass a fresh list as log (reported at the end).
#   optional "new_instance_before": [i, ...]: before request i, replace the
#   service by a new instance built with the same kwargs (and the same log).
# The driver builds class Service(*bases), constructs it with the kwargs and
# sends the requests. Result:
#   {"class_raised": name} if the class cannot be created,
#   {"init_raised": name} if the constructor raised, else
#   {"trails": [handle() result or {"raised": name} per request], "log": [...] or None}


class TimingMixin:
    """A third-party mixin written cooperatively, as the candidate's must be."""

    def __init__(self, *, clock_start=0, **kwargs):
        super().__init__(**kwargs)
        self.clock = clock_start

    def handle(self, request):
        self.clock += 1
        return [f"timing:{self.clock}"] + super().handle(request)


def _tag_mixin(Handler):
    class TagMixin(Handler):
        """A driver-defined subclass of the candidate's Handler."""

        def __init__(self, *, tag="t", **kwargs):
            self.tag = tag
            super().__init__(**kwargs)

        def handle(self, request):
            return [f"tag:{self.tag}"] + super().handle(request)

    return TagMixin


def run(solution, test):
    names = {
        "Handler": solution.Handler,
        "AuthMixin": solution.AuthMixin,
        "CacheMixin": solution.CacheMixin,
        "AuditMixin": solution.AuditMixin,
        "TimingMixin": TimingMixin,
    }
    names["TagMixin"] = _tag_mixin(solution.Handler)
    try:
        Service = type("Service", tuple(names[n] for n in test["bases"]), {})
    except Exception as exc:
        return {"class_raised": type(exc).__name__}
    kwargs = dict(test["kwargs"])
    log = None
    if kwargs.get("log") is True:
        log = kwargs["log"] = []
    try:
        service = Service(**kwargs)
    except Exception as exc:
        return {"init_raised": type(exc).__name__}
    trails = []
    renew = set(test.get("new_instance_before", []))
    for i, request in enumerate(test["requests"]):
        if i in renew:
            service = Service(**kwargs)
        try:
            trails.append(list(service.handle(dict(request))))
        except Exception as exc:
            trails.append({"raised": type(exc).__name__})
    return {"trails": trails, "log": log}
