import asyncio

ticks = [0]


async def ticker():
    while True:
        await asyncio.sleep(0)
        ticks[0] += 1


async def timed(label, aw):
    start = ticks[0]
    await aw
    print(f"{label:<10} woke {ticks[0] - start} ticks after it started waiting")


async def main():
    tk = asyncio.create_task(ticker())
    ev = asyncio.Event()
    lock = asyncio.Lock()
    q = asyncio.Queue()
    cond = asyncio.Condition()
    await lock.acquire()
    waiters = [
        asyncio.create_task(timed("event", ev.wait())),
        asyncio.create_task(timed("lock", lock.acquire())),
        asyncio.create_task(timed("queue", q.get())),
    ]

    async def cond_wait():
        async with cond:
            await cond.wait()

    waiters.append(asyncio.create_task(timed("condition", cond_wait())))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    ev.set()
    lock.release()
    q.put_nowait(1)
    async with cond:
        cond.notify()
    await asyncio.gather(*waiters)
    tk.cancel()


asyncio.run(main())
