# MISTAKE: runs the jobs in batches of `limit` and waits for the whole batch
# before starting the next one, so one slow job leaves the other slots idle.
import asyncio


async def run_limited(jobs, limit):
    if limit < 1:
        raise ValueError("limit must be >= 1")
    results = []
    for start in range(0, len(jobs), limit):
        batch = jobs[start:start + limit]
        results += await asyncio.gather(*(job() for job in batch), return_exceptions=True)
    return results
