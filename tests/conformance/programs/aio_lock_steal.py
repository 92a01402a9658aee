import asyncio

# Lock released while a waiter is queued: a task that arrives at the same
# instant sees locked() == False but must still queue behind the woken waiter.


async def holder(lock):
    await lock.acquire()
    print("holder acquired")
    await asyncio.sleep(1)
    lock.release()
    print("holder released, locked =", lock.locked())


async def waiter(lock):
    await asyncio.sleep(0.5)
    print("waiter waits")
    async with lock:
        print("waiter got it at", asyncio.get_running_loop().time())


async def barger(lock):
    await asyncio.sleep(1)
    print("barger sees locked =", lock.locked())
    async with lock:
        print("barger got it at", asyncio.get_running_loop().time())
        await asyncio.sleep(0.5)


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(holder(lock), waiter(lock), barger(lock))


asyncio.run(main())
