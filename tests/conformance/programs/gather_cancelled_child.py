import asyncio


async def work(name, d):
    try:
        await asyncio.sleep(d)
        return name
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise


async def main():
    a = asyncio.create_task(work("a", 1))
    b = asyncio.create_task(work("b", 2))
    c = asyncio.create_task(work("c", 0.5))
    await asyncio.sleep(0.1)
    b.cancel()
    res = await asyncio.gather(a, b, c, return_exceptions=True)
    print([repr(r) for r in res])
    d = asyncio.create_task(work("d", 1))
    e = asyncio.create_task(work("e", 1))
    await asyncio.sleep(0.1)
    e.cancel("enough")
    try:
        await asyncio.gather(d, e)
    except asyncio.CancelledError as err:
        print("gather raised CancelledError", err.args)
    print("d still running?", not d.done())
    await d
    print("d result", d.result())


asyncio.run(main())
