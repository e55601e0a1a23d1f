# Test driver for "transaction-context" (trusted author code, runs in the sandbox).
#
# Test input: {"store": {...}, "script": [op, ...]}. Operations:
#   ["with", name, target, [ops]]  tx = Transaction(target); with tx as t: ops
#                                  target is "store" or the name of another tx;
#                                  null means: enter the existing tx `name`
#   ["new", name, target]          tx = Transaction(target), not entered
#   ["set", name, key, value]      name[key] = value
#   ["get", name, key]             name[key]
#   ["getdef", name, key, default] name.get(key, default)
#   ["getnone", name, key]         name.get(key)
#   ["del", name, key]             del name[key]
#   ["has", name, key]             key in name
#   ["state", name]                name.state
#   ["reenter", name]              with name: pass
#   ["raise", exception name]      raise it (inside a block, normally)
#   ["try", [ops]]                 run ops; an exception ends them and is logged
#   ["peek"]                       a copy of the real dictionary
# Every operation appends one record to the log. Result: {"log", "store"}.

import copy


class AppError(Exception):
    pass


EXCEPTIONS = {cls.__name__: cls for cls in (ValueError, KeyError, RuntimeError, AppError,
                                             KeyboardInterrupt, SystemExit, GeneratorExit)}


def _outcome(fn):
    try:
        return {"value": fn()}
    except BaseException as exc:
        return {"raised": type(exc).__name__}


def run(solution, test):
    Transaction = solution.Transaction
    store = copy.deepcopy(test["store"])
    txs = {}
    log = []
    raised = {"last": None}

    def run_ops(ops):
        for op in ops:
            code = op[0]
            if code == "with":
                _, name, target, body = op
                if target is None:
                    tx = txs[name]
                else:
                    tx = Transaction(store if target == "store" else txs[target])
                    txs[name] = tx
                record = {"with": name, "state_before": getattr(tx, "state", None)}
                log.append(record)
                try:
                    with tx as bound:
                        record["as_is_tx"] = bound is tx
                        run_ops(body)
                except BaseException as exc:
                    record["escaped"] = type(exc).__name__
                    record["same_object"] = exc is raised["last"]
                    record["state_after"] = getattr(tx, "state", None)
                    raise
                record["escaped"] = None
                record["state_after"] = getattr(tx, "state", None)
            elif code == "new":
                _, name, target = op
                txs[name] = Transaction(store if target == "store" else txs[target])
                log.append({"created": name})
            elif code == "set":
                _, name, key, value = op
                log.append(_outcome(lambda: txs[name].__setitem__(key, value)))
            elif code == "get":
                log.append(_outcome(lambda: txs[op[1]][op[2]]))
            elif code == "getdef":
                log.append(_outcome(lambda: txs[op[1]].get(op[2], op[3])))
            elif code == "getnone":
                log.append(_outcome(lambda: txs[op[1]].get(op[2])))
            elif code == "del":
                log.append(_outcome(lambda: txs[op[1]].__delitem__(op[2])))
            elif code == "has":
                log.append(_outcome(lambda: op[2] in txs[op[1]]))
            elif code == "state":
                log.append({"state": getattr(txs[op[1]], "state", None)})
            elif code == "reenter":
                def reenter():
                    with txs[op[1]]:
                        pass
                log.append(_outcome(reenter))
            elif code == "raise":
                exc = EXCEPTIONS[op[1]](f"raised by the script")
                raised["last"] = exc
                log.append({"raising": op[1]})
                raise exc
            elif code == "try":
                try:
                    run_ops(op[1])
                    log.append({"caught": None})
                except BaseException as exc:
                    log.append({"caught": type(exc).__name__})
            elif code == "peek":
                log.append({"store": copy.deepcopy(store)})
            else:
                raise ValueError(f"unknown operation {code!r}")

    try:
        run_ops(test["script"])
    except BaseException as exc:
        log.append({"uncaught": type(exc).__name__})
    return {"log": log, "store": store}
