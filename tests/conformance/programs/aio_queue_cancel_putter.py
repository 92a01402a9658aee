import asyncio

# A full queue frees a slot; the first blocked putter is woken and cancelled
# before it runs: the next putter takes the slot.


async def putter(name, q):
    try:
        await q.put(name)
        print(name, "put its item")
    except asyncio.CancelledError:
        print(name, "cancelled while waking; size", q.qsize())
        raise


async def main():
    q = asyncio.Queue(maxsize=1)
    q.put_nowait("initial")
    p1 = asyncio.create_task(putter("p1", q))
    p2 = asyncio.create_task(putter("p2", q))
    await asyncio.sleep(0)
    print("got", q.get_nowait())
    p1.cancel()
    await asyncio.gather(p1, p2, return_exceptions=True)
    print("queue now holds", q.get_nowait(), "empty:", q.empty())


asyncio.run(main())
