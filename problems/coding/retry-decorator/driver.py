# Test driver for "retry-decorator" (trusted author code, runs in the sandbox).
#
# Test input (JSON object):
#   times        first argument of retry()
#   exceptions   optional: an exception name or a list of names; omitted means
#                "use retry's default"
#   positional   optional, default false: pass `exceptions` positionally
#   targets      list of {"kind": "function" | "method", "plan": [outcome, ...]}
#                all decorated with ONE decorator object returned by retry();
#                outcome is an exception name (raise it) or "ok" (return);
#                attempts past the end of the plan return
#   calls        list of [target index, args, kwargs]
#
# Result: {"factory_raised": name} if retry(...) raised, else
#   {"meta": [per target], "results": [per call]}


class Transient(Exception):
    """An error worth retrying."""


class Flaky(Transient):
    """A subclass of Transient."""


EXCEPTIONS = {
    cls.__name__: cls
    for cls in (ValueError, KeyError, IndexError, LookupError, ZeroDivisionError,
                OSError, ConnectionError, TimeoutError, RuntimeError, TypeError,
                KeyboardInterrupt, Transient, Flaky)
}


def _exc_spec(spec):
    if isinstance(spec, list):
        return tuple(EXCEPTIONS[name] for name in spec)
    return EXCEPTIONS[spec]


def _make_original(index, plan, state):
    """An original function following `plan`; records what it received."""

    def original(*args, **kwargs):
        state["attempt"] += 1
        attempt = state["attempt"]
        outcome = plan[attempt - 1] if attempt <= len(plan) else "ok"
        if outcome != "ok":
            exc = EXCEPTIONS[outcome](f"attempt {attempt} of op{index}")
            state["last_exc"] = exc
            raise exc
        return {"args": list(args), "kwargs": kwargs, "attempt": attempt}

    original.__name__ = f"op{index}"
    original.__qualname__ = f"op{index}"
    original.__doc__ = f"Operation number {index}; fails as planned."
    original.__module__ = "service"
    return original


def _make_method_original(index, plan, state):
    def method(self, *args, **kwargs):
        state["attempt"] += 1
        attempt = state["attempt"]
        outcome = plan[attempt - 1] if attempt <= len(plan) else "ok"
        if outcome != "ok":
            exc = EXCEPTIONS[outcome](f"attempt {attempt} of Client{index}.op{index}")
            state["last_exc"] = exc
            raise exc
        return {"self_ok": self is state["instance"], "args": list(args),
                "kwargs": kwargs, "attempt": attempt}

    method.__name__ = f"op{index}"
    method.__qualname__ = f"Client{index}.op{index}"
    method.__doc__ = f"Method number {index}; fails as planned."
    method.__module__ = "service"
    return method


def run(solution, test):
    retry = solution.retry
    try:
        if "exceptions" not in test:
            decorator = retry(test["times"])
        elif test.get("positional"):
            decorator = retry(test["times"], _exc_spec(test["exceptions"]))
        else:
            decorator = retry(test["times"], exceptions=_exc_spec(test["exceptions"]))
    except Exception as exc:
        return {"factory_raised": type(exc).__name__}

    targets = []  # (callable to call, wrapper object, original, state)
    for index, target in enumerate(test["targets"]):
        state = {"attempt": 0, "last_exc": None, "instance": None}
        if target["kind"] == "function":
            original = _make_original(index, target["plan"], state)
            wrapper = decorator(original)
            targets.append((wrapper, wrapper, original, state))
        else:
            original = _make_method_original(index, target["plan"], state)
            wrapper = decorator(original)
            cls = type(f"Client{index}", (), {f"op{index}": wrapper, "__module__": "service"})
            instance = cls()
            state["instance"] = instance
            targets.append((getattr(instance, f"op{index}"), wrapper, original, state))

    meta = []
    for call, wrapper, original, state in targets:
        meta.append({
            "name": getattr(wrapper, "__name__", None),
            "qualname": getattr(wrapper, "__qualname__", None),
            "doc": getattr(wrapper, "__doc__", None),
            "module": getattr(wrapper, "__module__", None),
            "wrapped_is_original": getattr(wrapper, "__wrapped__", None) is original,
            "attempts_before_any_call": getattr(wrapper, "attempts", None),
        })

    results = []
    for index, args, kwargs in test["calls"]:
        call, wrapper, original, state = targets[index]
        state["last_exc"] = None
        try:
            value = call(*args, **kwargs)
            entry = {"value": value}
        except BaseException as exc:  # KeyboardInterrupt is part of the tests
            entry = {"raised": type(exc).__name__,
                     "is_last_attempt_exception": exc is state["last_exc"]}
        entry["attempts"] = getattr(wrapper, "attempts", None)
        results.append(entry)
    return {"meta": meta, "results": results}
