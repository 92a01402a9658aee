import asyncio


async def leaf(n):
    await asyncio.sleep(n / 10)
    print("leaf", n)
    return n


async def spawner(tg, depth):
    if depth == 0:
        return
    tg.create_task(leaf(depth))
    await asyncio.sleep(0.05)
    tg.create_task(spawner(tg, depth - 1))


async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(spawner(tg, 3))
    print("all children and grandchildren done at", round(asyncio.get_running_loop().time(), 6))


asyncio.run(main())
