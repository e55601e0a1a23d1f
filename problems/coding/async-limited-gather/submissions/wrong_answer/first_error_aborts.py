# MISTAKE: lets a job's exception escape through gather, so one failing job
# makes run_limited raise instead of returning the other results.
import asyncio


async def run_limited(jobs, limit):
    if limit < 1:
        raise ValueError("limit must be >= 1")
    semaphore = asyncio.Semaphore(limit)

    async def guarded(job):
        async with semaphore:
            return await job()

    return await asyncio.gather(*(guarded(job) for job in jobs))
