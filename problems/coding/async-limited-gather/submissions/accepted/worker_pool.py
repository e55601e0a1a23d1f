# A fixed pool of `limit` workers taking indices from a shared iterator.
import asyncio


async def run_limited(jobs, limit):
    if limit < 1:
        raise ValueError(f"bad limit {limit}")
    jobs = list(jobs)
    results = [None] * len(jobs)
    pending = iter(range(len(jobs)))

    async def worker():
        for i in pending:                 # shared iterator: each index taken once
            try:
                results[i] = await jobs[i]()
            except Exception as exc:
                results[i] = exc

    await asyncio.gather(*(worker() for _ in range(min(limit, len(jobs)))))
    return results
