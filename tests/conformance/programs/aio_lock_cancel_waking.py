import asyncio

# The waiter at the head of the queue is woken by release() and cancelled
# before it runs: the lock must pass to the next waiter.


async def contender(name, lock):
    try:
        async with lock:
            print(name, "has the lock")
            await asyncio.sleep(0.5)
    except asyncio.CancelledError:
        print(name, "cancelled; lock locked =", lock.locked())
        raise


async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    a = asyncio.create_task(contender("a", lock))
    b = asyncio.create_task(contender("b", lock))
    await asyncio.sleep(0)
    lock.release()
    a.cancel()
    results = await asyncio.gather(a, b, return_exceptions=True)
    print([type(r).__name__ for r in results])
    print("locked:", lock.locked(), "at", asyncio.get_running_loop().time())


asyncio.run(main())
