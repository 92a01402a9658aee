import asyncio


async def countdown(n, delay):
    while n > 0:
        await asyncio.sleep(delay)
        yield n
        n -= 1
    print("countdown exhausted")


async def squares(source):
    async for x in source:
        yield x * x


async def main():
    loop = asyncio.get_running_loop()
    async for n in countdown(3, 1):
        print(n, loop.time())
    print([x async for x in squares(countdown(4, 0))])
    gen = countdown(2, 0.5)
    print("anext:", await gen.__anext__(), await anext(gen))
    try:
        await anext(gen)
    except StopAsyncIteration:
        print("StopAsyncIteration at", loop.time())


asyncio.run(main())
