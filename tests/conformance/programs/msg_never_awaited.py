import asyncio


async def helper(x):
    print("helper body", x)


async def main():
    helper(1)
    print("after the forgotten call")
    for i in range(3):
        asyncio.sleep(0.1)
    print("loop of forgotten sleeps warns once")
    await helper(2)


asyncio.run(main())
