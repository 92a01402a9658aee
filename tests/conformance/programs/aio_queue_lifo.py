import asyncio


async def pusher(q):
    for i in range(4):
        await q.put(i)
        print("pushed", i)


async def main():
    q = asyncio.LifoQueue(maxsize=2)
    t = asyncio.create_task(pusher(q))
    await asyncio.sleep(0)
    print("size", q.qsize())
    for _ in range(4):
        print("popped", await q.get())
        await asyncio.sleep(0)
    await t
    s = asyncio.LifoQueue()
    for ch in "abc":
        s.put_nowait(ch)
    print("".join(s.get_nowait() for _ in range(3)))


asyncio.run(main())
