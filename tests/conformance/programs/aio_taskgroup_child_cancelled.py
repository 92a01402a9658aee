import asyncio


async def worker(name, d):
    await asyncio.sleep(d)
    print(name, "done")
    return name


async def main():
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(worker("a", 1))
        b = tg.create_task(worker("b", 2))
        await asyncio.sleep(0.5)
        a.cancel()
    print("group finished normally; a cancelled:", a.cancelled(), "b:", b.result())
    print("time", asyncio.get_running_loop().time())


asyncio.run(main())
