import asyncio


async def main():
    cond = asyncio.Condition()
    async with cond:
        print("waiting for a notify that never comes")
        await cond.wait()


asyncio.run(main())
