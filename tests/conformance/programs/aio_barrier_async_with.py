import asyncio


async def stage(name, b, d):
    await asyncio.sleep(d)
    async with b as pos:
        print(name, "through at", asyncio.get_running_loop().time(), "pos", pos)


async def main():
    b = asyncio.Barrier(2)
    await asyncio.gather(stage("x", b, 1), stage("y", b, 2), stage("z", b, 2.5), stage("w", b, 3))
    try:
        asyncio.Barrier(0)
    except ValueError as e:
        print("ValueError:", e)


asyncio.run(main())
