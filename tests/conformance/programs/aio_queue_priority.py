import asyncio


async def main():
    q = asyncio.PriorityQueue()
    for item in [(3, "low"), (1, "urgent"), (2, "normal"), (1, "also urgent"), (5, "later")]:
        q.put_nowait(item)
    while not q.empty():
        prio, what = await q.get()
        print(prio, what)
    n = asyncio.PriorityQueue(maxsize=3)
    for x in (9, 4, 7):
        await n.put(x)
    print("full:", n.full())
    print([n.get_nowait() for _ in range(3)])


asyncio.run(main())
