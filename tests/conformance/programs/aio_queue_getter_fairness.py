import asyncio


async def consumer(name, q, n):
    for _ in range(n):
        item = await q.get()
        print(name, "got", item, "at", asyncio.get_running_loop().time())


async def main():
    q = asyncio.Queue()
    cs = [asyncio.create_task(consumer(f"c{i}", q, 2)) for i in range(3)]
    await asyncio.sleep(0)
    for i in range(6):
        q.put_nowait(i)
        if i == 2:
            await asyncio.sleep(1)
    await asyncio.gather(*cs)
    print("left", q.qsize())


asyncio.run(main())
