import asyncio


async def sleeper():
    loop = asyncio.get_running_loop()
    try:
        print("sleeper: going to sleep for 10s")
        await asyncio.sleep(10)
        print("sleeper: not reached")
    except asyncio.CancelledError:
        print("sleeper: cancelled at", loop.time())
        raise
    finally:
        print("sleeper: finally")


async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(1.5)
    print("main: cancelling at", loop.time())
    print("cancel returned", t.cancel())
    print("cancelled() right after cancel():", t.cancelled())
    try:
        await t
    except asyncio.CancelledError:
        print("main: task is cancelled:", t.cancelled(), "done:", t.done())
    await asyncio.sleep(1)
    print("main: end at", loop.time())


asyncio.run(main())
