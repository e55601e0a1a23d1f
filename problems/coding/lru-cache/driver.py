# Test driver for "lru-cache" (trusted author code, runs in the sandbox).
#
# Two kinds of test input:
#   {"calls": [[method, [args...]], ...]}   the first call is ["__init__", [capacity]];
#       result: one entry per call, as in class problems: the return value
#       (null for None) or {"raises": "ValueError"}.
#   {"workload": {"capacity", "ops", "keys", "seed", "get", "delete"}}
#       a long pseudo-random run (too long to store as JSON): "ops" operations
#       on keys 0 .. keys-1; of every 100 operations about "get" are get(),
#       "delete" are delete(), the rest put(). Result: counters and the
#       ends of keys(), so the whole run is checked without a huge answer.


def _calls(cls, calls):
    results, cache = [], None
    for method, args in calls:
        try:
            if method == "__init__":
                cache = cls(*args)
                results.append(None)
            elif method == "len":
                results.append(len(cache))
            elif method == "contains":
                results.append(args[0] in cache)
            else:
                value = getattr(cache, method)(*args)
                if method == "keys":
                    value = list(value)
                results.append(value)
        except Exception as exc:
            results.append({"raises": type(exc).__name__})
    return results


def _workload(cls, spec):
    capacity, ops, nkeys = spec["capacity"], spec["ops"], spec["keys"]
    p_get, p_del = spec["get"], spec["delete"]
    state = spec["seed"] & 0xFFFFFFFF
    cache = cls(capacity)
    get, put, delete = cache.get, cache.put, cache.delete
    hits = misses = removed = 0
    checksum = 0
    for i in range(ops):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        kind = (state >> 8) % 100
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        key = (state >> 4) % nkeys
        if kind < p_get:
            value = get(key)
            if value is None:
                misses += 1
            else:
                hits += 1
                checksum = (checksum * 31 + value) % 1000000007
        elif kind < p_get + p_del:
            if delete(key):
                removed += 1
        else:
            put(key, i)
    keys = list(cache.keys())
    return {"hits": hits, "misses": misses, "deleted": removed, "checksum": checksum,
            "len": len(cache), "keys_len": len(keys),
            "least_recent": keys[:5], "most_recent": keys[-5:]}


def run(solution, test):
    cls = solution.LRUCache
    if "calls" in test:
        return _calls(cls, test["calls"])
    return _workload(cls, test["workload"])
