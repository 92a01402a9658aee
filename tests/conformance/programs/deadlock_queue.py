import asyncio


async def producer(q):
    for i in range(3):
        await q.put(i)
        await asyncio.sleep(0.5)


async def main():
    q = asyncio.Queue()
    asyncio.create_task(producer(q))
    while True:
        item = await q.get()
        print("consumed", item, end="; ", flush=True)


asyncio.run(main())
