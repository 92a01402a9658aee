import asyncio


async def level2(x):
    return {"a": 1}[x]


async def level1(x):
    await asyncio.sleep(0.5)
    return await level2(x)


async def main():
    t = asyncio.create_task(level1("b"))
    try:
        await t
    finally:
        print("main finally at", asyncio.get_running_loop().time())


asyncio.run(main())
