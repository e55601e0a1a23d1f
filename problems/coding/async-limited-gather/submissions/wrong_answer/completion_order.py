# MISTAKE: collects results in the order the jobs FINISH, not in the order
# of the input list.
import asyncio


async def run_limited(jobs, limit):
    if limit < 1:
        raise ValueError("limit must be >= 1")
    semaphore = asyncio.Semaphore(limit)
    results = []

    async def guarded(job):
        async with semaphore:
            try:
                results.append(await job())
            except Exception as exc:
                results.append(exc)

    await asyncio.gather(*(guarded(job) for job in jobs))
    return results
