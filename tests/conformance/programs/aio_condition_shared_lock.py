import asyncio


async def main():
    lock = asyncio.Lock()
    cond = asyncio.Condition(lock)
    print("shares the lock:", cond.locked() == lock.locked())
    async with lock:
        print("cond.locked() follows the lock:", cond.locked())
    ready = asyncio.Event()

    async def waiter():
        async with cond:
            ready.set()
            await cond.wait()
            print("waiter back, holds lock:", lock.locked())

    t = asyncio.create_task(waiter())
    await ready.wait()
    print("lock free while waiting:", not lock.locked())
    async with cond:
        cond.notify()
        print("notified while holding the lock")
    await t
    try:
        await cond.wait()
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
