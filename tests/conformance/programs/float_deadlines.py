import asyncio


async def ticker(step, n):
    loop = asyncio.get_running_loop()
    for i in range(n):
        await asyncio.sleep(step)
        print(i, repr(loop.time()))
    return loop.time()


async def main():
    loop = asyncio.get_running_loop()
    end = await ticker(0.1, 10)
    print("ten times 0.1 ends at", end, end == 1.0, end < 1.0)
    print(f"formatted: {end:.2f}")
    total = 0.0
    for i in range(10):
        total += 0.1
    print("sum by hand:", total)
    await asyncio.sleep(0.7)
    print("then +0.7:", loop.time())


asyncio.run(main())
