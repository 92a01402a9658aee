import asyncio

# release() wakes the first waiter, which is cancelled before it can run: the
# permit goes to the next waiter, never lost.


async def take(name, sem):
    try:
        await sem.acquire()
    except asyncio.CancelledError:
        print(name, "cancelled, locked =", sem.locked())
        raise
    print(name, "acquired")
    await asyncio.sleep(1)
    sem.release()
    print(name, "released at", asyncio.get_running_loop().time())


async def main():
    sem = asyncio.Semaphore(1)
    await sem.acquire()
    ts = [asyncio.create_task(take(n, sem)) for n in "xyz"]
    await asyncio.sleep(0)
    sem.release()
    ts[0].cancel()
    res = await asyncio.gather(*ts, return_exceptions=True)
    print([type(r).__name__ for r in res], "locked:", sem.locked())


asyncio.run(main())
