import asyncio


async def average(values):
    await asyncio.sleep(0.2)
    total = sum(values)
    return total / len(values)


async def main():
    t = asyncio.create_task(average([1, 2, 3]))
    print("average:", await t)
    t2 = asyncio.create_task(average([]))
    print("second average:", await t2)


asyncio.run(main())
