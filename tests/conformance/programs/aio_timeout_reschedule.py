import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(None) as cm:
            print("when", cm.when())
            await asyncio.sleep(1)
            cm.reschedule(loop.time() + 0.5)
            print("rescheduled to", cm.when())
            await asyncio.sleep(2)
    except TimeoutError:
        print("timed out at", loop.time())
    async with asyncio.timeout(1) as cm:
        await asyncio.sleep(0.5)
        cm.reschedule(loop.time() + 5)
        await asyncio.sleep(2)
        cm.reschedule(None)
        await asyncio.sleep(10)
    print("survived, expired:", cm.expired(), "now", loop.time())
    try:
        async with asyncio.timeout(3) as cm:
            cm.reschedule(loop.time() - 1)
            print("deadline in the past, body continues")
            await asyncio.sleep(0)
            print("not reached")
    except TimeoutError:
        print("past deadline -> TimeoutError at", loop.time())


asyncio.run(main())
