import asyncio

# A waiter is notified and cancelled before it runs: it still reacquires the
# lock before CancelledError leaves wait(), so the lock is never leaked.


async def waiter(name, cond):
    async with cond:
        try:
            await cond.wait()
            print(name, "woke normally")
        except asyncio.CancelledError:
            print(name, "cancelled inside wait; holds lock:", cond.locked())
            raise
    print(name, "left the block")


async def main():
    cond = asyncio.Condition()
    a = asyncio.create_task(waiter("a", cond))
    b = asyncio.create_task(waiter("b", cond))
    await asyncio.sleep(0)
    async with cond:
        cond.notify_all()
    a.cancel()
    res = await asyncio.gather(a, b, return_exceptions=True)
    print([type(r).__name__ for r in res], "locked:", cond.locked())


asyncio.run(main())
