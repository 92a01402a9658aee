import asyncio


async def child(i):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("child", i, "cancelled")
        raise


async def runner():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child(1))
            await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("runner: CancelledError out of the group")
        raise


async def main():
    t = asyncio.create_task(runner())
    await asyncio.sleep(1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("main: runner cancelled", t.cancelled())


asyncio.run(main())
