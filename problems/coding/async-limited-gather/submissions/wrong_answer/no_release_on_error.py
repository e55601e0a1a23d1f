# MISTAKE: acquires and releases the semaphore by hand and returns early on
# an exception without releasing it: every failing job leaks a slot, and with
# enough failures the remaining jobs wait forever.
import asyncio


async def run_limited(jobs, limit):
    if limit < 1:
        raise ValueError("limit must be >= 1")
    semaphore = asyncio.Semaphore(limit)

    async def guarded(job):
        await semaphore.acquire()
        try:
            result = await job()
        except Exception as exc:
            return exc
        semaphore.release()
        return result

    return await asyncio.gather(*(guarded(job) for job in jobs))
