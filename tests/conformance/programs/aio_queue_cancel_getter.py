import asyncio

# A getter is woken by put_nowait and cancelled before it runs: the item must
# stay in the queue for the next getter.


async def getter(name, q):
    try:
        item = await q.get()
        print(name, "got", item)
    except asyncio.CancelledError:
        print(name, "cancelled while waking; queue size", q.qsize())
        raise


async def main():
    q = asyncio.Queue()
    g1 = asyncio.create_task(getter("g1", q))
    g2 = asyncio.create_task(getter("g2", q))
    await asyncio.sleep(0)
    q.put_nowait("precious")
    g1.cancel()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("g1 cancelled:", g1.cancelled(), "g2 done:", g2.done(), "size", q.qsize())
    await g2


asyncio.run(main())
