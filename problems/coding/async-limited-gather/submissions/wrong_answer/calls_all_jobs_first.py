# MISTAKE: calls every job up front (creating all the coroutines/tasks) and
# only guards the awaiting with the semaphore; jobs that start work when
# called (Tasks) all run at once, and every job counts as in progress.
import asyncio


async def run_limited(jobs, limit):
    if limit < 1:
        raise ValueError("limit must be >= 1")
    semaphore = asyncio.Semaphore(limit)
    awaitables = [job() for job in jobs]

    async def guarded(aw):
        async with semaphore:
            try:
                return await aw
            except Exception as exc:
                return exc

    return await asyncio.gather(*(guarded(aw) for aw in awaitables))
