import asyncio

# A ticker counts loop iterations; each combinator's extra callback hops show
# up as the tick at which the awaiting coroutine resumes.

ticks = [0]


async def ticker():
    while True:
        await asyncio.sleep(0)
        ticks[0] += 1


async def child():
    await asyncio.sleep(0)
    return "x"


async def measure(label, make):
    start = ticks[0]
    await make()
    print(f"{label:<14} resumed after {ticks[0] - start} ticks")


async def main():
    tk = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    await measure("await coro", lambda: child())
    await measure("await task", lambda: asyncio.create_task(child()))
    await measure("gather", lambda: asyncio.gather(child()))
    await measure("wait_for", lambda: asyncio.wait_for(child(), 10))
    await measure("shield", lambda: asyncio.shield(child()))
    await measure("wait", lambda: asyncio.wait([asyncio.create_task(child())]))
    await measure("ensure_future", lambda: asyncio.ensure_future(child()))
    await measure("sleep(0)", lambda: asyncio.sleep(0))
    tk.cancel()


asyncio.run(main())
