import asyncio


async def producer(name, q, items):
    for it in items:
        await q.put(f"{name}{it}")
        print(name, "put", it, "size", q.qsize())


async def main():
    q = asyncio.Queue(maxsize=1)
    ps = [asyncio.create_task(producer(n, q, range(2))) for n in ("A", "B", "C")]
    await asyncio.sleep(0)
    got = []
    while len(got) < 6:
        await asyncio.sleep(0.5)
        got.append(await q.get())
        print("main took", got[-1])
    await asyncio.gather(*ps)
    print(got)


asyncio.run(main())
