import asyncio


async def run_limited(jobs, limit):
    """Run every job (a zero-argument callable returning an awaitable) with at
    most `limit` of them in progress at once; results in input order, with an
    exception object in place of the result of a job that failed."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    semaphore = asyncio.Semaphore(limit)

    async def guarded(job):
        async with semaphore:            # released even if the job fails
            try:
                return await job()       # call the job only once a slot is free
            except Exception as exc:
                return exc

    return await asyncio.gather(*(guarded(job) for job in jobs))
