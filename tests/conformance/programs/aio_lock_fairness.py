import asyncio


async def user(name, lock, hold):
    print(name, "wants the lock")
    async with lock:
        print(name, "holds the lock at", asyncio.get_running_loop().time())
        await asyncio.sleep(hold)
    print(name, "released")


async def main():
    lock = asyncio.Lock()
    tasks = [asyncio.create_task(user(n, lock, h)) for n, h in
             [("A", 1), ("B", 0.5), ("C", 0), ("D", 0.25)]]
    await asyncio.gather(*tasks)
    print("locked at end:", lock.locked())


asyncio.run(main())
