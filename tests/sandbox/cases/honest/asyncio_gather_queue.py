# expect: OK
# stdout-has: gathered [0, 2, 4, 6, 8]
# stdout-has: consumed 20 items, total 190
# why: asyncio.run with gather, sleep, an asyncio.Queue with producers/consumers and wait_for timeouts works
import asyncio


async def double(x):
    await asyncio.sleep(0.01 * (5 - x))
    return 2 * x


async def producer(q, start):
    for i in range(start, start + 10):
        await q.put(i)
        await asyncio.sleep(0)


async def consumer(q, out):
    while True:
        item = await q.get()
        out.append(item)
        q.task_done()


async def main():
    print("gathered", await asyncio.gather(*(double(i) for i in range(5))))
    q = asyncio.Queue(maxsize=3)
    out = []
    consumers = [asyncio.create_task(consumer(q, out)) for _ in range(3)]
    await asyncio.gather(producer(q, 0), producer(q, 10))
    await q.join()
    for c in consumers:
        c.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)
    print("consumed", len(out), "items, total", sum(out))
    try:
        await asyncio.wait_for(asyncio.sleep(10), timeout=0.05)
    except asyncio.TimeoutError:
        print("timeout works")


asyncio.run(main())
