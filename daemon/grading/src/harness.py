# The function-problem harness. It runs INSIDE the sandbox, as the program's
# __main__, next to the candidate's code in /box/solution.py.
#
# Why it is shaped like this:
# - Expected answers never reach it. It only calls the candidate's code and
#   reports what came back; the grader compares outside the sandbox. Tampering
#   with this process can therefore only ever produce a wrong answer.
# - The candidate may print freely: before their code is loaded, fd 1 is
#   duplicated to a private descriptor for the report and fd 1 itself is
#   pointed at stderr, so noise never mixes with the report.
# - The report line starts with a nonce the grader chose, so a stray line on
#   the report descriptor is ignored rather than parsed.
#
# Input on stdin: one JSON line {"nonce", "kind", "entry", "driver"} followed
# by the test's input (JSON). Output on the report descriptor: nonce + one
# JSON object {"status": "ok", "value": ...} or
# {"status": "raised", "error": "ValueError", "message": "..."} or
# {"status": "missing", "message": "..."}.

import sys

sys.setrecursionlimit(20000)

_json = __import__("json")
_os = __import__("os")
# Taken before the candidate's code loads, so that patching the modules'
# attributes later cannot reach the report.
_dumps = _json.dumps
_loads = _json.loads
_write = _os.write
_dup = _os.dup
_dup2 = _os.dup2

MAX_ITEMS = 1_000_000
MAX_DEPTH = 2_000


def _read_request():
    raw = sys.stdin.buffer.read()
    header_line, _, body = raw.partition(b"\n")
    header = _loads(header_line)
    body = body.strip()
    test_input = _loads(body) if body else []
    return header, test_input


def _redirect_candidate_stdout():
    report_fd = _dup(1)
    sys.stdout.flush()
    _dup2(2, 1)
    sys.stdout = sys.stderr
    return report_fd


def _type_name(exc):
    return type(exc).__name__


def _print_traceback():
    import traceback

    traceback.print_exc(file=sys.__stderr__)


def _key(k):
    if isinstance(k, str):
        return k
    if k is None:
        return "null"
    if isinstance(k, bool):
        return "true" if k else "false"
    if isinstance(k, float):
        return repr(k)
    return str(k)


def normalise(value, depth=0):
    """Turn whatever the candidate returned into a plain JSON value."""
    if depth > MAX_DEPTH:
        raise ValueError("result nested too deeply")
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, dict):
        return {_key(k): normalise(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalise(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        items = [normalise(v, depth + 1) for v in value]
        try:
            return sorted(items)
        except TypeError:
            return sorted(items, key=repr)
    if isinstance(value, (bytes, bytearray)):
        return {"bytes": bytes(value).hex()}
    if hasattr(value, "__iter__") and not isinstance(value, type):
        items = []
        for item in value:
            if len(items) >= MAX_ITEMS:
                raise ValueError("iterator yielded too many items")
            items.append(normalise(item, depth + 1))
        return items
    return {"object": type(value).__name__, "repr": repr(value)[:200]}


def _load_module(name, path):
    module = type(sys)(name)
    module.__file__ = path
    sys.modules[name] = module
    with open(path, "rb") as handle:
        source = handle.read()
    exec(compile(source, path, "exec"), module.__dict__)
    return module


def _raised(exc):
    _print_traceback()
    return {"status": "raised", "error": _type_name(exc), "message": str(exc)[:500]}


def _call_function(entry, test_input):
    args, kwargs, take = test_input, {}, None
    if isinstance(test_input, dict):
        args = test_input.get("args", [])
        kwargs = test_input.get("kwargs", {})
        take = test_input.get("take")
    result = entry(*args, **kwargs)
    if take is not None:
        import itertools

        result = list(itertools.islice(iter(result), int(take)))
    return normalise(result)


def _call_methods(cls, calls):
    """Run a list of [method, args] calls; the first constructs the object."""
    results, obj = [], None
    for method, args in calls:
        try:
            if method == "__init__":
                obj = cls(*args)
                results.append(None)
            else:
                results.append(normalise(getattr(obj, method)(*args)))
        except Exception as exc:  # a raised exception is a result in itself
            results.append({"raises": _type_name(exc)})
    return results


def _run(header, test_input):
    try:
        solution = _load_module("solution", "/box/solution.py")
    except BaseException as exc:
        if isinstance(exc, SystemExit):
            return {"status": "missing", "message": "solution exited while loading"}
        return _raised(exc)
    entry_name = header["entry"]
    kind = header.get("kind", "function")
    try:
        if header.get("driver"):
            driver = _load_module("driver", "/box/driver.py")
            return {"status": "ok", "value": normalise(driver.run(solution, test_input))}
        entry = getattr(solution, entry_name, None)
        if entry is None:
            return {"status": "missing", "message": f"{entry_name} is not defined"}
        if kind == "class":
            return {"status": "ok", "value": _call_methods(entry, test_input)}
        return {"status": "ok", "value": _call_function(entry, test_input)}
    except RecursionError as exc:
        return _raised(exc)
    except SystemExit:
        return {"status": "missing", "message": f"{entry_name} called exit()"}
    except Exception as exc:
        return _raised(exc)


def main():
    header, test_input = _read_request()
    report_fd = _redirect_candidate_stdout()
    report = _run(header, test_input)
    try:
        sys.stderr.flush()
    except Exception:
        pass
    line = header["nonce"] + _dumps(report, separators=(",", ":")) + "\n"
    data = line.encode("utf-8", "surrogatepass")
    while data:
        written = _write(report_fd, data)
        data = data[written:]


main()
