import asyncio


async def label(n):
    await asyncio.sleep(0.1)
    return "item " + n


async def main():
    print(await label("1"))
    print(await label(2))


asyncio.run(main())
