import asyncio


async def quick():
    return 1


async def main():
    async with asyncio.TaskGroup() as tg:
        t = tg.create_task(quick())
    print("result", t.result())
    coro = quick()
    try:
        tg.create_task(coro)
    except RuntimeError as e:
        print("RuntimeError:", e)
    coro.close()
    tg2 = asyncio.TaskGroup()
    coro = quick()
    try:
        tg2.create_task(coro)
    except RuntimeError as e:
        print("RuntimeError:", e)
    coro.close()


asyncio.run(main())
