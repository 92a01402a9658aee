import asyncio


async def main():
    q = asyncio.Queue()
    print("empty", q.empty(), "full", q.full(), "size", q.qsize(), "maxsize", q.maxsize)
    for i in range(3):
        await q.put(i * i)
    print("size", q.qsize(), "full", q.full())
    print([await q.get() for _ in range(3)])
    b = asyncio.Queue(maxsize=2)
    b.put_nowait("x")
    b.put_nowait("y")
    print("bounded full", b.full(), b.qsize(), b.maxsize)
    print(b.get_nowait(), b.get_nowait(), b.empty())
    q.put_nowait(None)
    print("None is an item:", await q.get())


asyncio.run(main())
