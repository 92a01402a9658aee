import asyncio


async def ok(d):
    await asyncio.sleep(d)
    return d


async def bad(d):
    await asyncio.sleep(d)
    raise ValueError(d)


async def main():
    victim = asyncio.create_task(ok(5))
    asyncio.get_running_loop().call_later(1, victim.cancel)
    res = await asyncio.gather(ok(0.5), bad(1.5), victim, ok(2), return_exceptions=True)
    print([type(r).__name__ if isinstance(r, BaseException) else r for r in res])
    print("t", asyncio.get_running_loop().time())


asyncio.run(main())
