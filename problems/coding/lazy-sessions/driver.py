# Test driver for "lazy-sessions" (trusted author code, runs in the sandbox).
#
# Test input:
#   {"gap": g, "take": n, "source": src}
#   src is {"list": [...]}                      a finite generator over the list
#       or {"plain_list": [...]}                the list object itself (an
#                                               iterable that is not an iterator)
#       or {"cycle": {"start": t0, "deltas": [...]}}  an endless generator:
#                                               t0, then t0 plus the deltas,
#                                               repeated forever
#       or {"not_iterable": 42}                 the number 42
# The driver calls sessions(source, gap), then next() up to n times.
# Result:
#   {"raised_at_call": name}                    if the call itself raised, else
#   {"pulled_at_call": k,                       items read by the call itself
#    "is_iterator": bool,                       iter(result) is result
#    "sessions": [[start, end, count], ...],
#    "pulled": [items read after each session],
#    "end": "exhausted" | "taken" | exception name}
# Generators are capped: reading far beyond what a lazy solution needs raises
# RuntimeError("read too far") inside the candidate's code.
import itertools


class _Source:
    def __init__(self, items, cap):
        self.items = iter(items)
        self.pulled = 0
        self.cap = cap

    def __iter__(self):
        return self

    def __next__(self):
        if self.pulled >= self.cap:
            raise RuntimeError("read too far")
        item = next(self.items)
        self.pulled += 1
        return item


def _cycle(start, deltas):
    t = start
    yield t
    for d in itertools.cycle(deltas):
        t += d
        yield t


def run(solution, test):
    spec, take = test["source"], test["take"]
    cap = test.get("cap", 100000)
    if "list" in spec:
        source = _Source(spec["list"], cap)
    elif "cycle" in spec:
        source = _Source(_cycle(spec["cycle"]["start"], spec["cycle"]["deltas"]), cap)
    elif "plain_list" in spec:
        source = list(spec["plain_list"])
    else:
        source = spec["not_iterable"]
    pulled = lambda: source.pulled if isinstance(source, _Source) else None

    try:
        result = solution.sessions(source, test["gap"])
    except Exception as exc:
        return {"raised_at_call": type(exc).__name__}
    report = {"pulled_at_call": pulled()}
    try:
        report["is_iterator"] = iter(result) is result
        it = iter(result)
    except Exception as exc:
        report.update(is_iterator=False, sessions=[], pulled=[], end=type(exc).__name__)
        return report
    found, counts, end = [], [], "taken"
    for _ in range(take):
        try:
            session = next(it)
        except StopIteration:
            end = "exhausted"
            break
        except Exception as exc:
            end = type(exc).__name__
            break
        found.append(list(session))
        counts.append(pulled())
    report.update(sessions=found, pulled=counts, end=end)
    return report
