import asyncio


async def late_put(q, d, v):
    await asyncio.sleep(d)
    await q.put(v)
    print("put", v, "at", asyncio.get_running_loop().time())


async def main():
    q = asyncio.Queue()
    asyncio.create_task(late_put(q, 2, "slow"))
    try:
        await asyncio.wait_for(q.get(), 1)
    except TimeoutError:
        print("get timed out at", asyncio.get_running_loop().time())
    print("got", await asyncio.wait_for(q.get(), 5))
    asyncio.create_task(late_put(q, 1, "tie"))
    try:
        print("got", await asyncio.wait_for(q.get(), 1))
    except TimeoutError:
        print("tie: timed out, size", q.qsize())
    print("leftover", q.get_nowait())


asyncio.run(main())
