import asyncio


async def double(x):
    await asyncio.sleep(0.1)
    return 2 * x


async def agen(n):
    for i in range(n):
        yield i


async def main():
    print([await double(x) for x in range(3)])
    print([x async for x in agen(5) if x % 2 == 0])
    print({x: await double(x) async for x in agen(3)})
    print({x % 3 async for x in agen(7)} == {0, 1, 2})
    print(sum([x async for x in agen(4)]))
    print("t =", round(asyncio.get_running_loop().time(), 6))


asyncio.run(main())
