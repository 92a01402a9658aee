import asyncio

async def forever():
    await asyncio.sleep(100)

async def main():
    t = asyncio.create_task(forever())
    print(repr(t))
    await asyncio.sleep(0)
    print(repr(t))
    g = asyncio.gather(t)
    t2 = asyncio.create_task(asyncio.sleep(5))
    await asyncio.sleep(0)
    t.cancel()
    await asyncio.sleep(0)
    print(repr(t))
    f = asyncio.get_running_loop().create_future()
    print(repr(f))
    f.set_result(3)
    print(repr(f))

asyncio.run(main())
