import asyncio


async def bad(n):
    print("bad", n, "raising")
    raise KeyError(n)


async def main():
    asyncio.create_task(bad(1))
    await asyncio.sleep(0)
    print("main after first yield")
    await asyncio.sleep(0)
    print("main end")


asyncio.run(main())
