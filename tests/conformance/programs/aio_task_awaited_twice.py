import asyncio


async def source():
    await asyncio.sleep(1)
    print("source done")
    return "value"


async def consumer(name, t):
    print(name, "waiting")
    v = await t
    print(name, "got", v)
    return name


async def main():
    t = asyncio.create_task(source())
    cs = [asyncio.create_task(consumer(f"c{i}", t)) for i in range(3)]
    await asyncio.sleep(0)
    print("main also awaits:", await t)
    print(await asyncio.gather(*cs))
    print("awaiting a done task again:", await t)


asyncio.run(main())
