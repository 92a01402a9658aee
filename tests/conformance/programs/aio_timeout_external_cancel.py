import asyncio

# An external cancel() arriving while inside asyncio.timeout() must stay a
# CancelledError, not be turned into TimeoutError.


async def guarded():
    try:
        async with asyncio.timeout(5):
            await asyncio.sleep(10)
    except TimeoutError:
        print("wrong: TimeoutError")
    except asyncio.CancelledError:
        print("CancelledError, cancelling() =", asyncio.current_task().cancelling())
        raise


async def main():
    t = asyncio.create_task(guarded())
    await asyncio.sleep(1)
    t.cancel()
    await asyncio.gather(t, return_exceptions=True)
    print("cancelled:", t.cancelled(), "at", asyncio.get_running_loop().time())


asyncio.run(main())
