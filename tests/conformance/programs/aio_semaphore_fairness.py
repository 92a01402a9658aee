import asyncio


async def worker(name, sem, d):
    async with sem:
        print(name, "in at", asyncio.get_running_loop().time())
        await asyncio.sleep(d)
    print(name, "out")


async def main():
    sem = asyncio.Semaphore(2)
    ws = [asyncio.create_task(worker(f"w{i}", sem, d)) for i, d in enumerate([1, 2, 1, 0.5, 0.5])]
    await asyncio.sleep(0)
    print("locked with two inside:", sem.locked())
    await asyncio.gather(*ws)
    print("locked at end:", sem.locked())


asyncio.run(main())
