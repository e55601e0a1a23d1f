# Test driver for "async-limited-gather" (trusted author code, runs in the sandbox).
#
# Test input: {"limit": L, "jobs": [job, ...]} where job is an object:
#   "ms"      how long the job sleeps (milliseconds; 0 = asyncio.sleep(0);
#             absent = the job never awaits anything)
#   "result"  what it returns (default: its index)
#   "fail"    raise this exception instead of returning (after sleeping)
#   "watch"   report how many other jobs were called while this one was in
#             progress (checks that free slots are used while a slow job runs)
#   "eager"   calling the job creates an asyncio Task at once and returns it
#             (the work starts even if nobody awaits it), like many client
#             libraries do
# Optional "jobs_repeat": n  -> the job list is repeated n times (big tests).
#
# Result: {"results": [...], "max_active": m, "all_called_once": bool}
#   (+ "called_while_watched": [count per watched job] if any job is watched)
#   results: the returned list, exceptions shown as {"error": name, "message": str}
#   max_active: the largest number of jobs that had been called but had not
#               finished at any moment
# or {"raised": name} if run_limited itself raised (or took more than 4 s).

import asyncio


class JobFailed(Exception):
    pass


EXCEPTIONS = {"ValueError": ValueError, "JobFailed": JobFailed, "KeyError": KeyError,
              "ConnectionError": ConnectionError,
              "RuntimeError": RuntimeError}


def _show(value):
    if isinstance(value, BaseException):
        return {"error": type(value).__name__, "message": str(value)}
    return value


def run(solution, test):
    specs = list(test["jobs"]) * test.get("jobs_repeat", 1)
    stats = {"active": 0, "max_active": 0}
    calls = [0] * len(specs)
    watching = {}      # index of a watched job in progress -> jobs called meanwhile
    watched = {}       # index of a watched job -> final count

    def make_job(index, spec):
        async def body():
            try:
                if "ms" in spec:
                    await asyncio.sleep(spec["ms"] / 1000)
                if "fail" in spec:
                    raise EXCEPTIONS[spec["fail"]](f"job {index} failed")
                return spec.get("result", index)
            finally:
                stats["active"] -= 1
                if index in watching:
                    watched[index] = watching.pop(index)

        def job():
            calls[index] += 1
            for other in watching:
                watching[other] += 1
            if spec.get("watch"):
                watching[index] = 0
            stats["active"] += 1
            stats["max_active"] = max(stats["max_active"], stats["active"])
            if spec.get("eager"):
                return asyncio.get_running_loop().create_task(body())
            return body()

        return job

    jobs = [make_job(i, spec) for i, spec in enumerate(specs)]

    async def main():
        return await asyncio.wait_for(solution.run_limited(jobs, test["limit"]), timeout=4)

    try:
        results = asyncio.run(main())
    except BaseException as exc:
        return {"raised": type(exc).__name__}
    report = {"results": [_show(r) for r in results], "max_active": stats["max_active"],
              "all_called_once": all(c == 1 for c in calls)}
    if any(spec.get("watch") for spec in specs):
        report["called_while_watched"] = [watched.get(i) for i, spec in enumerate(specs)
                                          if spec.get("watch")]
    return report
