# MISTAKE: awaits the jobs one after another - never more than `limit`
# indeed, but no concurrency at all.
async def run_limited(jobs, limit):
    if limit < 1:
        raise ValueError("limit must be >= 1")
    results = []
    for job in jobs:
        try:
            results.append(await job())
        except Exception as exc:
            results.append(exc)
    return results
