import asyncio

ticks = [0]


async def ticker():
    while True:
        await asyncio.sleep(0)
        ticks[0] += 1


async def child():
    await asyncio.sleep(0)


async def main():
    tk = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    start = ticks[0]
    async with asyncio.TaskGroup() as tg:
        tg.create_task(child())
    print("TaskGroup exit after", ticks[0] - start, "ticks")
    start = ticks[0]
    async with asyncio.timeout(10):
        await child()
    print("timeout block after", ticks[0] - start, "ticks")
    start = ticks[0]
    for aw in asyncio.as_completed([asyncio.create_task(child())]):
        await aw
    print("as_completed after", ticks[0] - start, "ticks")
    tk.cancel()


asyncio.run(main())
