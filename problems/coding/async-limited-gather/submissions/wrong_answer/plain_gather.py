# MISTAKE: asyncio.gather starts every job at once; `limit` is ignored.
import asyncio


async def run_limited(jobs, limit):
    if limit < 1:
        raise ValueError("limit must be >= 1")
    return await asyncio.gather(*(job() for job in jobs), return_exceptions=True)
