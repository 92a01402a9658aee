import asyncio


async def inner():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("inner: cancelled too")
        raise


async def outer():
    try:
        print("outer: awaiting inner task")
        await asyncio.create_task(inner())
    except asyncio.CancelledError:
        print("outer: cancelled")
        raise


async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(outer())
    await asyncio.sleep(1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("main: outer cancelled at", loop.time(), t.cancelled())


asyncio.run(main())
