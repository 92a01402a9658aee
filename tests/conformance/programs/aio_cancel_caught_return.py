import asyncio


async def resilient():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("caught the cancel; returning a value instead")
        return "partial result"


async def keeps_going():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        pass
    await asyncio.sleep(1)
    return "kept going"


async def main():
    a = asyncio.create_task(resilient())
    b = asyncio.create_task(keeps_going())
    await asyncio.sleep(1)
    a.cancel()
    b.cancel()
    print(await a, a.cancelled())
    print(await b, b.cancelled(), asyncio.get_running_loop().time())


asyncio.run(main())
