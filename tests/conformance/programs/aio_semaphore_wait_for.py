import asyncio


async def hold(sem, d):
    async with sem:
        await asyncio.sleep(d)


async def main():
    sem = asyncio.Semaphore(1)
    holder = asyncio.create_task(hold(sem, 2))
    await asyncio.sleep(0)
    try:
        await asyncio.wait_for(sem.acquire(), 1)
    except TimeoutError:
        print("acquire timed out at", asyncio.get_running_loop().time(), "locked:", sem.locked())
    got = await asyncio.wait_for(sem.acquire(), 5)
    print("acquired", got, "at", asyncio.get_running_loop().time())
    sem.release()
    await holder
    print("free:", not sem.locked())


asyncio.run(main())
