import asyncio


async def dots(n):
    for _ in range(n):
        print(".", end="")
        await asyncio.sleep(0.5)
    print(" done")


async def main():
    print("loading", end="", flush=True)
    await dots(3)
    print("a", end="")
    t = asyncio.create_task(dots(2))
    print("b", end="")
    await t
    print()
    print("", end="")
    await asyncio.sleep(1)
    print("tail without newline", end="")


asyncio.run(main())
