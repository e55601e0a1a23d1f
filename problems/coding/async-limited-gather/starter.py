import asyncio


async def run_limited(jobs, limit):
    """Run the jobs (zero-argument callables returning awaitables) with at
    most `limit` in progress at once; return their results in input order."""
    raise NotImplementedError
