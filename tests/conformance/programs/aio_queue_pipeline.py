import asyncio

STOP = None


async def produce(out, n):
    for i in range(n):
        await asyncio.sleep(0.3)
        await out.put(i)
        print("produced", i)
    await out.put(STOP)


async def transform(inq, outq):
    while True:
        item = await inq.get()
        if item is STOP:
            break
        await asyncio.sleep(0.5)
        await outq.put(item * item)
    await outq.put(STOP)


async def collect(inq):
    seen = []
    while True:
        item = await inq.get()
        if item is STOP:
            break
        print("collected", item, "at", round(asyncio.get_running_loop().time(), 6))
        seen.append(item)
    return seen


async def main():
    a, b = asyncio.Queue(maxsize=2), asyncio.Queue(maxsize=1)
    _, _, seen = await asyncio.gather(produce(a, 4), transform(a, b), collect(b))
    print(seen)


asyncio.run(main())
