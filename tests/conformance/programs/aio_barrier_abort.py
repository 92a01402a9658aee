import asyncio


async def party(name, b):
    try:
        await b.wait()
        print(name, "passed")
    except asyncio.BrokenBarrierError as e:
        print(name, "broken barrier:", repr(e))


async def main():
    b = asyncio.Barrier(3)
    ts = [asyncio.create_task(party(n, b)) for n in ("p", "q")]
    await asyncio.sleep(1)
    await b.abort()
    await asyncio.gather(*ts)
    print("broken:", b.broken)
    try:
        await b.wait()
    except asyncio.BrokenBarrierError:
        print("waiting on a broken barrier fails at once")
    await b.reset()
    print("after reset broken:", b.broken)
    print(issubclass(asyncio.BrokenBarrierError, RuntimeError))


asyncio.run(main())
