import asyncio


async def careful():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("cleanup starts at", asyncio.get_running_loop().time())
        await asyncio.sleep(0.5)
        print("cleanup ends at", asyncio.get_running_loop().time())
        raise


async def main():
    t = asyncio.create_task(careful())
    await asyncio.sleep(1)
    t.cancel()
    await asyncio.sleep(0.25)
    print("mid-cleanup: done =", t.done())
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("second cancel interrupted the cleanup at", asyncio.get_running_loop().time())


asyncio.run(main())
