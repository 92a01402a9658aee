import asyncio


async def main():
    loop = asyncio.get_running_loop()
    cm = asyncio.timeout(1)
    async with cm:
        await asyncio.sleep(0.5)
    try:
        cm.reschedule(loop.time() + 1)
    except RuntimeError as e:
        print("reschedule after exit:", e)
    try:
        async with cm:
            pass
    except RuntimeError as e:
        print("re-enter:", e)
    try:
        async with asyncio.timeout(0.5) as late:
            await asyncio.sleep(1)
    except TimeoutError:
        try:
            late.reschedule(None)
        except RuntimeError as e:
            print("reschedule expired:", e)
    t = asyncio.timeout(2)
    print("before entering, when =", t.when(), "expired =", t.expired())


asyncio.run(main())
