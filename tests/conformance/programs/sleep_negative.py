import asyncio


async def other():
    print("other runs")


async def main():
    loop = asyncio.get_running_loop()
    asyncio.create_task(other())
    print("sleep(-1) at", loop.time())
    await asyncio.sleep(-1)
    print("back from sleep(-1) at", loop.time())
    await asyncio.sleep(0.0)
    print("back from sleep(0.0)")
    r = await asyncio.sleep(-5, result="neg")
    print("result", r, "at", loop.time())


asyncio.run(main())
