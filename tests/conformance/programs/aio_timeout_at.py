import asyncio


async def ticker(n):
    for i in range(n):
        await asyncio.sleep(0.5)
        print("tick", i)


async def main():
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 1.2
    try:
        async with asyncio.timeout_at(deadline) as cm:
            await ticker(5)
    except TimeoutError:
        print("deadline", cm.when(), "expired", cm.expired(), "now", loop.time())
    async with asyncio.timeout_at(loop.time() + 10):
        await ticker(2)
    print("finished at", loop.time())


asyncio.run(main())
