import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(3) as outer:
            try:
                async with asyncio.timeout(1) as inner:
                    await asyncio.sleep(5)
            except TimeoutError:
                print("inner timed out at", loop.time(), inner.expired(), outer.expired())
            await asyncio.sleep(5)
    except TimeoutError:
        print("outer timed out at", loop.time(), outer.expired())
    try:
        async with asyncio.timeout(1) as outer:
            async with asyncio.timeout(3) as inner:
                await asyncio.sleep(5)
    except TimeoutError:
        print("outer first:", loop.time(), "inner", inner.expired(), "outer", outer.expired())


asyncio.run(main())
