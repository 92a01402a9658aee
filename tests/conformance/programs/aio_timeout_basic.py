import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(1.5) as cm:
            print("inside, expired:", cm.expired())
            await asyncio.sleep(10)
            print("not reached")
    except TimeoutError as e:
        print("TimeoutError", repr(e), "at", loop.time())
    print("expired:", cm.expired(), "when:", cm.when())
    async with asyncio.timeout(2) as cm2:
        await asyncio.sleep(1)
    print("in time, expired:", cm2.expired(), "when:", cm2.when())
    async with asyncio.timeout(None) as cm3:
        await asyncio.sleep(3)
    print("no deadline:", cm3.when(), cm3.expired(), loop.time())


asyncio.run(main())
