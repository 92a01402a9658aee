import asyncio


async def ok(x):
    await asyncio.sleep(0.1)
    return x * 2


async def bad(kind):
    await asyncio.sleep(0.05)
    if kind == "value":
        raise ValueError("bad value")
    if kind == "key":
        d = {"a": 1}
        return d["missing"]
    return 1 / 0


async def main():
    res = await asyncio.gather(ok(1), bad("value"), ok(2), bad("key"), bad("zero"),
                               return_exceptions=True)
    for i, r in enumerate(res):
        print(i, repr(r), isinstance(r, Exception))
    print([isinstance(r, int) for r in res])


asyncio.run(main())
